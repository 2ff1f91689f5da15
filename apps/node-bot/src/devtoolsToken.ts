import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A token kept worth reusing: visible ASCII (it travels in a header), long enough not to be guessed. */
const usable = /^[\x21-\x7e]{16,512}$/;

/**
 * The devtools token of this machine's bot, kept in `file` (0600) so it survives restarts: a panel left open
 * (its address carries the token) reconnects after a restart instead of being refused. A missing or unusable
 * file gets a new random token. Whoever can read the file can use the panel, hence owner-only.
 */
export async function loadDevtoolsToken(file: string): Promise<{ token: string; created: boolean }> {
  const kept = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const token = kept?.trim();
  if (token !== undefined && usable.test(token)) {
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return { token, created: false };
  }
  const fresh = randomBytes(32).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  // Written aside and renamed: a crash mid-write never leaves half a token to be read back.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${fresh}\n`, { mode: 0o600 });
  await chmod(temp, 0o600); // the umask may have narrowed the mode, never widened: set it exactly
  await rename(temp, file);
  return { token: fresh, created: true };
}
