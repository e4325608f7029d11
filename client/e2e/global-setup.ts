// One real backend for the whole Playwright run (scripts/backend.mjs), sending its email to
// a real SMTP server on loopback (scripts/mailbox.mjs); the tests find them through
// E2E_BASE_URL and E2E_MAILBOX.
import { startBackend } from "../scripts/backend.mjs";
import { startMailServer } from "../scripts/mailbox.mjs";

export { ADMIN } from "../scripts/backend.mjs";

export default async function globalSetup() {
  const mail = await startMailServer();
  const backend = await startBackend({ MAIL_SERVER: "127.0.0.1", MAIL_PORT: String(mail.port) });
  process.env.E2E_BASE_URL = backend.baseUrl;
  process.env.E2E_MAILBOX = mail.directory;
  return async () => {
    await backend.stop();
    await mail.stop();
  };
}
