// The options of outbound webhooks. Part of TesseraOptions; each field names its environment variable and default.

export interface WebhookOptions {
  /**
   * Where every security event is POSTed as signed JSON (docs/webhooks.md). https only when NODE_ENV=production,
   * except loopback addresses (127.0.0.0/8, ::1, localhost). Env `WEBHOOK_URLS` (comma-separated). @default [] (none)
   */
  webhookUrls?: string[];
  /**
   * The HMAC-SHA256 key of the `Tessera-Signature` header, shared with the receivers: at least 32 bytes and
   * random-looking (`openssl rand -base64 32`). Required when `webhookUrls` is set. Env `WEBHOOK_SECRET`.
   * @default undefined
   */
  webhookSecret?: string;
}
