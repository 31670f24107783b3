// Start-up: database and migrations, signing keys, the refresh secret, and the services built on them.
import { sql, type Kysely } from 'kysely';
import type { ResolvedConfig } from './config/index.js';
import { openDatabase, type DatabaseHandle, type Dialect } from './db/database.js';
import { createDatabaseOutage, type DatabaseOutage } from './db/database-outage.js';
import { migrateToLatest } from './db/migrations.js';
import type { Database } from './db/schema.js';
import { createMemoryFailureCounter, type FailureCounter } from './limits/failure-counter.js';
import { createRedisClient } from './limits/redis-client.js';
import { createRedisFallbackCounter } from './limits/redis-fallback-counter.js';
import { createLoginThrottle, type LoginThrottle } from './limits/login-throttle.js';
import { createAddressThrottle, type AddressThrottle } from './limits/address-throttle.js';
import { createMailThrottle, type MailThrottle } from './limits/mail-throttle.js';
import { schedulePurge } from './sessions/purge-schedule.js';
import { watchRevocations, type RevocationWatch } from './sessions/revocation-watch.js';
import { createRevokedSessions, noRevokedSessions, revocationLifetimeMs, type RevokedSessions } from './sessions/revoked-sessions.js';
import type { ChangeFeed } from './sync/change-feed.js';
import { openChangeFeed } from './sync/open-change-feed.js';
import { createSessionStore, type SessionStore } from './sessions/session-store.js';
import { createSocialLogin, type SocialLogin } from './social/social-login.js';
import { createAccessTokens, type AccessTokens } from './tokens/access-token.js';
import { createKeyStore, type KeyStore } from './keys/signing-keys.js';
import { developmentSecret } from './keys/development-secret.js';
import { createSecretBox, type SecretBox } from './keys/secret-box.js';
import { createEmailTokenStore, type EmailTokenStore } from './email/email-tokens.js';
import { createMailOutbox, type MailOutbox } from './email/mail-outbox.js';
import { createMailDelivery } from './email/mail-transport.js';
import { purgeSpentMail } from './email/mail-retention.js';
import type { DevMailbox } from './email/dev-mailbox.js';
import { encryptStoredSecrets, loadServerSecret } from './keys/stored-secrets.js';
import { createPasswordHasher, type PasswordHasher } from './credentials/password-hasher.js';
import { createUserStore, type UserStore } from './users/user-store.js';
import { registerVerificationMail } from './email-verification/verification-mail.js';
import { registerPasswordResetMail } from './password-reset/password-reset-mail.js';
import { handleMagicLinkRequests } from './email-sign-in/magic-link-mail.js';
import { createHookRunner, type HookRunner } from './hooks/hook-runner.js';
import { createWebhookOutbox, type WebhookOutbox } from './webhooks/webhook-outbox.js';
import { createEventRecorder, type EventRecorder } from './events/event-recorder.js';
import { purgeEventsBefore } from './events/event-store.js';
import { purgeExpiredChallenges, type PurgedChallenges } from './db/purge-expired-challenges.js';
import { notifySecurityEvents } from './events/notifications.js';
import { webhookEventOf } from './webhooks/webhook-event.js';

export interface Core {
  config: ResolvedConfig;
  db: Kysely<Database>;
  dialect: Dialect;
  users: UserStore;
  sessions: SessionStore;
  keys: KeyStore;
  accessTokens: AccessTokens;
  hasher: PasswordHasher;
  throttle: LoginThrottle;
  /** Registrations per client address (REGISTER_MAX_PER_IP per REGISTER_WINDOW). */
  registrations: AddressThrottle;
  /** Anonymous passkey challenges per client address (PASSKEY_OPTIONS_MAX_PER_IP per minute). */
  passkeyChallenges: AddressThrottle;
  /** Mail-sending requests per email and per client address (MAIL_MAX_PER_EMAIL, MAIL_MAX_PER_IP). */
  mailThrottle: MailThrottle;
  social: SocialLogin;
  /** Logs database outages once each; the HTTP layer reports the failures it answers as 503. */
  databaseOutage: DatabaseOutage;
  /** Tells the other instances on the database what changed (key rotations, revocations). */
  changes: ChangeFeed;
  /** Sessions revoked within the last access-token lifetime, in every instance (empty when INSTANT_REVOCATION=false). */
  revokedSessions: RevokedSessions;
  /** Encrypts values at rest under TESSERA_SECRET (signing keys, the mail outbox's links and codes, webhook bodies). */
  box: SecretBox;
  /** The single-use tokens of the email flows. */
  emailTokens: EmailTokenStore;
  /** Mail written with the change it reports and sent after commit, with retries. */
  mail: MailOutbox;
  /** Where mail goes without SMTP_URL outside production; undefined otherwise. */
  mailbox: DevMailbox | undefined;
  /** Security events POSTed to WEBHOOK_URLS: written with the change they record, sent after commit, with retries. */
  webhooks: WebhookOutbox;
  /** The application's hooks (createTessera({ hooks })), called so that a throw never breaks more than it should. */
  hooks: HookRunner;
  /** Security events, written in the transaction of the change they record (events/event-recorder.ts). */
  events: EventRecorder;
  /** Deletes the security events older than SECURITY_EVENTS_RETENTION (run hourly by the purge schedule). */
  purgeSecurityEvents(): Promise<number>;
  /** Deletes expired MFA challenges, passkey challenges and social nonces (run hourly by the purge schedule). */
  purgeExpiredChallenges(): Promise<PurgedChallenges>;
  close(): Promise<void>;
}

/** Opens everything the server needs. `database` lets an embedding app share its own Kysely instance. */
export async function startCore(config: ResolvedConfig, database?: DatabaseHandle): Promise<Core> {
  const handle = database ?? (await openDatabase(config.databaseUrl));
  const { db } = handle;
  let feed: ChangeFeed | undefined;
  let watch: RevocationWatch | undefined;
  let mail: MailOutbox | undefined;
  let webhooks: WebhookOutbox | undefined;
  try {
    await migrateToLatest(db, handle.dialect);
    const box = createSecretBox(config.tesseraSecret ?? developmentSecret(config.databaseUrl, config.logger));
    const { encrypted } = await encryptStoredSecrets(db, box);
    if (encrypted > 0) config.logger.info('encrypted the stored signing keys and refresh secret with TESSERA_SECRET', { rows: encrypted });
    feed = await openChangeFeed(handle, { logger: config.logger, now: config.now });
    const changes = feed;
    const keys = createKeyStore({
      db,
      algorithm: config.algorithm,
      privateKey: config.privateKey,
      secret: config.secret,
      accessTokenTtl: config.accessTokenTtl,
      now: config.now,
      box,
      announce: () => changes.publish('keys'),
    });
    await keys.load();
    // Another instance rotated: load the new key now, while it is published and before it signs.
    changes.subscribe('keys', () => {
      keys
        .load()
        .catch((error: unknown) =>
          config.logger.warn('could not reload signing keys', { error: error instanceof Error ? error.message : String(error) }),
        );
    });
    const secret = await loadServerSecret(db, 'refresh_token_hmac', box);
    const counter = await createFailureCounter(config);
    const users = createUserStore(db, config);
    const lifetimeMs = revocationLifetimeMs(config.accessTokenTtl);
    const revokedSessions = config.instantRevocation ? createRevokedSessions({ lifetimeMs, now: config.now }) : noRevokedSessions;
    const events = createEventRecorder({ db, now: config.now, logger: config.logger });
    const sessions = createSessionStore(db, config, secret, {
      dialect: handle.dialect,
      sqlite: handle.sqlite,
      revoked: revokedSessions,
      events,
    });
    if (config.instantRevocation) {
      watch = await watchRevocations({
        db,
        dialect: handle.dialect,
        changes,
        revoked: revokedSessions,
        lifetimeMs,
        now: config.now,
        logger: config.logger,
      });
    }
    const revocations = watch;
    const databaseOutage = createDatabaseOutage({ probe: () => sql`select 1`.execute(db), logger: config.logger });
    const emailCodeKey = await loadServerSecret(db, 'email_code_hmac', box);
    const delivery = createMailDelivery(config.email.transport, { logger: config.logger, now: config.now });
    mail = createMailOutbox({ db, box, email: config.email, delivery, now: config.now, logger: config.logger });
    const outbox = mail;
    webhooks = createWebhookOutbox({ db, box, webhooks: config.webhooks, fetch: config.fetch, now: config.now, logger: config.logger });
    const webhookOutbox = webhooks;
    const hooks = createHookRunner(config.hooks, config.logger);
    const emailTokens = createEmailTokenStore({ db, codeKey: emailCodeKey, now: config.now });
    // Every process with a core purges, embedded ones included; batches keep concurrent runs cheap and harmless.
    notifySecurityEvents(events, outbox, { notifyNewSignIn: config.notifyNewSignIn });
    const purgeSecurityEvents = () => purgeEventsBefore(db, config.now() - config.securityEventsRetention * 1000);
    const purgeChallenges = () => purgeExpiredChallenges(db, config.now());
    // Every recorded event is also a webhook delivery per WEBHOOK_URLS, written in the event's transaction, sent once
    // it commits; the application's onEvent hook hears it after commit too.
    events.onRecorded((trx, event) => webhookOutbox.enqueue(trx, webhookEventOf(event)));
    events.onCommitted((recorded) => {
      webhookOutbox.wake();
      for (const event of recorded) void hooks.onEvent(webhookEventOf(event));
    });
    const purge = schedulePurge(
      async () => ({
        ...(await sessions.purge()),
        ...(await purgeSpentMail(outbox, emailTokens)),
        webhookDeliveries: await webhookOutbox.purge(),
        securityEvents: await purgeSecurityEvents(),
        ...(await purgeChallenges()),
      }),
      { logger: config.logger },
    );
    const core: Core = {
      config,
      db,
      dialect: handle.dialect,
      users,
      sessions,
      social: createSocialLogin({ db, dialect: handle.dialect, config, users, hooks, events }),
      keys,
      accessTokens: createAccessTokens({
        keys,
        issuer: config.issuer,
        audience: config.audience,
        ttlSeconds: config.accessTokenTtl,
        cacheSize: config.tokenCacheSize,
        now: config.now,
      }),
      hasher: createPasswordHasher(config.argon2, config.hashConcurrency, config.hashQueueMax),
      throttle: createLoginThrottle(counter, {
        perAccountAndIp: config.loginMaxFailuresPerAccountAndIp,
        perAccount: config.loginMaxFailuresPerAccount,
        perIp: config.loginMaxFailuresPerIp,
        windowSeconds: config.loginFailureWindow,
      }),
      registrations: createAddressThrottle(counter, {
        keyPrefix: 'reg',
        perIp: config.registerMaxPerIp,
        windowSeconds: config.registerWindow,
        refusal: 'Too many registrations from this address',
      }),
      passkeyChallenges: createAddressThrottle(counter, {
        keyPrefix: 'passkey-options',
        perIp: config.passkeys.optionsMaxPerIp,
        windowSeconds: 60,
        refusal: 'Too many passkey sign-in attempts from this address',
      }),
      mailThrottle: createMailThrottle(counter, {
        perEmail: config.email.maxPerEmail,
        perIp: config.email.maxPerIp,
        windowSeconds: config.email.window,
      }),
      databaseOutage,
      changes,
      revokedSessions,
      box,
      emailTokens,
      mail: outbox,
      mailbox: delivery.mailbox,
      webhooks: webhookOutbox,
      hooks,
      events,
      purgeSecurityEvents,
      purgeExpiredChallenges: purgeChallenges,
      async close() {
        purge.stop();
        await outbox.close();
        await webhookOutbox.close();
        revocations?.close();
        await changes.close();
        databaseOutage.close();
        await counter.close();
        if (!database) await handle.close();
      },
    };
    // The outbox's handlers of "mail me" requests, one line per flow that has them, registered before the sender's
    // first tick (scheduled, not yet run) so request rows left by a restart find their handlers.
    registerVerificationMail(core);
    registerPasswordResetMail(core);
    handleMagicLinkRequests(core);
    return core;
  } catch (error) {
    await mail?.close();
    await webhooks?.close();
    watch?.close();
    await feed?.close();
    if (!database) await handle.close();
    throw error;
  }
}

/**
 * In memory for one instance; with REDIS_URL, shared through Redis, falling back to memory while Redis is away
 * (also when it is down at start-up, which waits for one connection attempt at most).
 */
async function createFailureCounter(config: ResolvedConfig): Promise<FailureCounter> {
  if (!config.redisUrl) return createMemoryFailureCounter(config.now);
  return createRedisFallbackCounter({
    redis: await createRedisClient(config.redisUrl),
    prefix: `${config.redisKeyPrefix}fail:`,
    now: config.now,
    logger: config.logger,
  });
}
