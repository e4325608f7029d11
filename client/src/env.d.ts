/** package.json's version, set by vite.config.ts. */
declare const __CLIENT_VERSION__: string;
