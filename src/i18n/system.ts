/** Reads what the system says about its language; the decision itself is the pure systemLang(). */
import { execFileSync } from 'node:child_process';
import { systemLang, type Lang } from './lang.js';

function appleLocale(env: NodeJS.ProcessEnv): string | undefined {
  if (process.platform !== 'darwin' || env['LANG'] || env['LC_ALL'] || env['LC_MESSAGES']) return undefined;
  try {
    return execFileSync('defaults', ['read', '-g', 'AppleLocale'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function detectSystemLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const apple = appleLocale(env);
  return systemLang({
    env,
    intlLocale: Intl.DateTimeFormat().resolvedOptions().locale,
    ...(apple === undefined ? {} : { appleLocale: apple }),
  });
}
