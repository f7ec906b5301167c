import { PantauError } from '@pantau/contracts';

/** Shortest and longest password accepted (the upper bound keeps hashing cheap to refuse). */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// Argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane); the parameters live in each hash.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// The native binding loads with the first hash: most processes linking the database package never check a password.
let argon2: Promise<typeof import('@node-rs/argon2')> | null = null;
const loadArgon2 = () => {
  argon2 ??= import('@node-rs/argon2');
  return argon2;
};

/** Refuses a password outside the length bounds with a coded error naming the parameter. */
export function checkPassword(password: string, parameter = 'password'): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new PantauError('INVALID_INPUT', `${parameter}: between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters`, {
      details: { parameter },
    });
  }
}

/** An argon2id hash of a password (PHC string with its salt and parameters). */
export async function hashPassword(password: string): Promise<string> {
  checkPassword(password);
  const { hash } = await loadArgon2();
  return hash(password, ARGON2);
}

// Verified when the user is unknown or has no password, so such an attempt costs as long as a real one.
let dummyHash: Promise<string> | null = null;

/** Whether `password` matches `stored`; with no stored hash it spends the same time and answers false. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  const { hash, verify } = await loadArgon2();
  if (!stored) {
    dummyHash ??= hash('pantau-no-such-user', ARGON2);
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
