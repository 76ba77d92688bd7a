// Development OpenID Connect provider for the local stack, standing in for Authentik.
// One public client (the web app, Authorization Code + PKCE), one test user, and JWT access tokens
// for the platform's APIs (audience IDP_AUDIENCE) signed with an RS256 key kept in IDP_KEYS_FILE.
// Everything else (sessions, grants, tokens) lives in memory: a restart signs everybody out.
import { generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

function setting(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

const issuer = setting('IDP_ISSUER');
const host = setting('IDP_HOST', '127.0.0.1');
const port = Number(setting('IDP_PORT'));
const keysFile = setting('IDP_KEYS_FILE');
const audience = setting('IDP_AUDIENCE', 'heatpump-api');
const clientId = setting('IDP_CLIENT_ID', 'heatpump-web');
const appOrigins = setting('IDP_APP_ORIGINS').split(',').map((origin) => origin.trim());
const user = {
  username: setting('IDP_USER', 'homeowner'),
  password: readFileSync(setting('IDP_PASSWORD_FILE'), 'utf8').trim(),
  email: setting('IDP_USER_EMAIL', 'homeowner@example.com'),
  name: setting('IDP_USER_NAME', 'Test Homeowner'),
};
const accessTokenTtl = Number(setting('IDP_ACCESS_TOKEN_TTL_S', '900'));
// The resource indicator the web app's tokens are for when it names none.
const resource = setting('IDP_RESOURCE', 'urn:k12n:heatpump-api');
const apiScopes = 'read:energy read:heatpump read:temperature read:settings write:settings';

// The signing key is created once and kept, so that the services' cached key sets stay valid
// across restarts of the provider.
function signingKeys() {
  if (!existsSync(keysFile)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
    writeFileSync(keysFile, JSON.stringify({ keys: [jwk] }), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(keysFile, 'utf8'));
}

const claimsOf = (sub) => ({
  sub,
  preferred_username: user.username,
  name: user.name,
  email: user.email,
  email_verified: true,
});

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: appOrigins.map((origin) => `${origin}/auth/callback`),
      post_logout_redirect_uris: appOrigins.flatMap((origin) => [origin, `${origin}/`]),
    },
  ],
  jwks: signingKeys(),
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
  scopes: ['openid', 'offline_access', 'profile', 'email'],
  // The ID token carries the profile, so the app needs no userinfo call.
  conformIdTokenClaims: false,
  findAccount: (_ctx, sub) => (sub === user.username ? { accountId: sub, claims: () => claimsOf(sub) } : undefined),
  pkce: { required: () => true },
  ttl: { AccessToken: accessTokenTtl, IdToken: accessTokenTtl, RefreshToken: 24 * 3600, Session: 24 * 3600 },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Sign out without asking: the app only sends users here from its logout button.
      logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><head><title>Signing out</title></head><body>${form}
<script>const f = document.getElementById('op.logoutForm');
const i = document.createElement('input'); i.type = 'hidden'; i.name = 'logout'; i.value = 'yes';
f.appendChild(i); f.submit();</script></body></html>`;
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== resource) throw new Provider.errors.InvalidTarget();
        return {
          scope: apiScopes,
          audience,
          accessTokenTTL: accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  // The APIs read the user's name from the access token (user/info).
  extraTokenClaims: (_ctx, token) =>
    token.kind === 'AccessToken' ? { preferred_username: user.username, email: user.email } : undefined,
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
// Behind no proxy: the issuer is the address the browser uses.
provider.proxy = false;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
label,input,button{display:block;width:100%;box-sizing:border-box;margin:.4rem 0}input,button{padding:.5rem}
.error{color:#b91c1c}</style></head><body>
<h1>k12n development sign-in</h1>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<label for="username">Username</label><input id="username" name="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form></body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 8192) reject(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function equal(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// The development provider trusts its only client, so consent is granted without asking.
async function grantConsent(details) {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  const missing = details.prompt.details;
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return { consent: { grantId: await grant.save() } };
}

async function interaction(req, res, url) {
  const details = await provider.interactionDetails(req, res);
  const html = (status, body) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body);
  };
  if (details.prompt.name === 'consent') {
    await provider.interactionFinished(req, res, await grantConsent(details), { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'POST' && url.pathname.endsWith('/login')) {
    const form = await readForm(req);
    if (equal(form.get('username') ?? '', user.username) && equal(form.get('password') ?? '', user.password)) {
      await provider.interactionFinished(req, res, { login: { accountId: user.username } }, {
        mergeWithLastSubmission: false,
      });
      return;
    }
    html(401, loginPage(details.uid, 'Wrong username or password'));
    return;
  }
  html(200, loginPage(details.uid));
}

const callback = provider.callback();
const server = createServer((req, res) => {
  const url = new URL(req.url, issuer);
  if (url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  // Authentik issues refresh tokens for offline_access on its own; oidc-provider follows OIDC Core
  // and keeps offline_access only with prompt=consent, which this provider grants silently anyway.
  if (url.pathname === '/auth' && !url.searchParams.has('prompt')
    && (url.searchParams.get('scope') ?? '').split(' ').includes('offline_access')) {
    url.searchParams.set('prompt', 'consent');
    req.url = `${url.pathname}${url.search}`;
  }
  if (url.pathname.startsWith('/interaction/')) {
    interaction(req, res, url).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`interaction failed: ${error.message}`);
    });
    return;
  }
  callback(req, res);
});
server.listen(port, host, () => {
  console.log(`dev OIDC provider ${issuer} listening on ${host}:${port}, client ${clientId}, user ${user.username}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
