import { describe, expect, it } from 'vitest';
import { isSecretName } from './secretName.ts';

describe('isSecretName', () => {
  it.each([
    // what it always knew
    'apiKey', 'api_key', 'API-Key', 'x-mbx-apikey', 'OK-ACCESS-KEY', 'OK-ACCESS-SIGN', 'API-Sign', 'secret',
    'clientSecret', 'password', 'passwd', 'passphrase', 'KC-API-PASSPHRASE', 'token', 'accessToken', 'refresh_token',
    'authorization', 'Proxy-Authorization', 'signature', 'bfx-signature', 'privateKey', 'private_key', 'cookie',
    'Set-Cookie', 'credentials', 'mnemonic', 'sessionId', 'listenKey', 'key', 'sig', 'sign', 'pwd', 'otp',
    // #9: case and separators normalised (camelCase, snake_case, kebab-case, dots, spaces)
    'secretKey', 'secret_key', 'SECRET-KEY', 'secretkey', 'api_secret_key', 'apiSecretKey', 'API-Secret.Key',
    'api secret key', 'clientKey', 'client_key', 'hmac', 'HMAC', 'hmacKey', 'jwt', 'JWT', 'jwtSecret',
    'APIKey', 'ApiKey', 'apikey', 'X-API-KEY', '--api-key', 'app_key', 'appSecret', 'api_token', 'API_TOKEN',
    // families
    'secrets', 'webhookSecret', 'client_secret', 'userPassword', 'db.password', 'password_hash', 'pass', 'pw',
    'passcode', 'refreshToken', 'bearer_token', 'idToken', 'id_token', 'session-token', 'X-Auth-Token', 'csrfToken',
    'OAuthToken', 'accessTokens', 'requestSignature', 'x-auth-signature', 'apiSign', 'X-BAPI-SIGN', 'Rest-Sign',
    'privKey', 'priv_key', 'signingKey', 'encryptionKey', 'masterKey', 'consumerSecret', 'access_key_id',
    'AccessKeyId', 'Authent', 'auth', 'X-Auth', 'oauth', 'basic_auth', 'cookies', 'setCookie', 'credential',
    'seedPhrase', 'recovery_phrase', 'JSESSIONID', 'session', 'session_key', 'totp', 'apiKey2', 'X-BM-KEY',
  ])('%s is secret', (name) => expect(isSecretName(name)).toBe(true));

  it.each([
    'nonce', 'symbol', 'price', 'orderId', 'clientOrderId', 'exchange', 'monkey', 'keyboard', 'keys', 'hotkey',
    'turnkey', 'cacheKey', 'cache-key', 'sortKey', 'idempotencyKey', 'partition_key', 'public_key', 'publicKey',
    'tokenAddress', 'maxTokens', 'tokens', 'tokens_used', 'tokenizer', 'design', 'assign', 'signal', 'signed',
    'signTimestamp', 'signatureMethod', 'SignatureVersion', 'sign_type', 'X-BAPI-SIGN-TYPE', 'KC-API-KEY-VERSION',
    'KC-API-PARTNER', 'author', 'authType', 'authorized', 'bypass', 'compass', 'passthrough', 'sessions',
    'session_count', 'cookie_consent', 'secretary', 'keyId', 'timestamp', 'recvWindow', 'X-GEMINI-PAYLOAD',
    'hasSecretary', 'seed', 'nonceWindow', '',
  ])('%j is not', (name) => expect(isSecretName(name)).toBe(false));
});
