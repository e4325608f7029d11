// Mantine's breakpoint mixins and rem() helpers in our own CSS modules.
module.exports = { plugins: { "postcss-preset-mantine": {} } };
