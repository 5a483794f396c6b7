import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { ApiError } from '../http/errors';

/** What tests read back: the decrypted value and when (and in which order) it was set. */
export interface StoredSecret {
  name: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
  /** Sandbox-wide sequence number of the last write; compare with commits and pushes. */
  seq: number;
}

interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

const MAX_SECRETS = 100;
const MAX_SECRET_BYTES = 48 * 1024;
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The secrets of one repository or environment, behind a real libsodium key pair. Values are
 * opened with the private key on the way in, exactly where GitHub would reject a bad encryption.
 */
export class SecretStore {
  /** GitHub key ids are long decimal strings. */
  readonly keyId = (randomBytes(8).readBigUInt64BE() % 10n ** 18n).toString().padStart(18, '1');
  private keyPair?: KeyPair;
  private readonly secrets = new Map<string, StoredSecret>();

  private async keys(): Promise<KeyPair> {
    await sodium.ready;
    this.keyPair ??= sodium.crypto_box_keypair();
    return this.keyPair;
  }

  async publicKey(): Promise<{ key_id: string; key: string }> {
    const { publicKey } = await this.keys();
    return { key_id: this.keyId, key: sodium.to_base64(publicKey, sodium.base64_variants.ORIGINAL) };
  }

  /** `PUT .../secrets/{name}`: validates like GitHub and answers whether it created the secret. */
  async put(
    rawName: string,
    body: Record<string, unknown>,
    seq: () => number,
  ): Promise<'created' | 'updated'> {
    const name = validateSecretName(rawName);
    const { encrypted_value: encrypted, key_id: keyId } = body;
    if (typeof encrypted !== 'string' || typeof keyId !== 'string') {
      throw new ApiError(422, 'Invalid request.\n\n"encrypted_value" and "key_id" are required.');
    }
    if (!STANDARD_BASE64.test(encrypted)) {
      throw new ApiError(422, 'Invalid request.\n\nencrypted_value must be Base64 encoded (standard alphabet, with padding).');
    }
    if (keyId !== this.keyId) {
      throw new ApiError(422, 'Invalid request.\n\nkey_id does not match the repository public key.');
    }
    const { publicKey, privateKey } = await this.keys();
    let plaintext: Uint8Array;
    try {
      plaintext = sodium.crypto_box_seal_open(Buffer.from(encrypted, 'base64'), publicKey, privateKey);
    } catch {
      throw new ApiError(422, 'Invalid request.\n\nencrypted_value could not be decrypted with the public key.');
    }
    if (plaintext.length > MAX_SECRET_BYTES) {
      throw new ApiError(422, 'Invalid request.\n\nSecrets are limited to 48 KB.');
    }
    const existing = this.secrets.get(name);
    if (!existing && this.secrets.size >= MAX_SECRETS) {
      throw new ApiError(422, 'Invalid request.\n\nA repository can have at most 100 secrets.');
    }
    const now = new Date();
    this.secrets.set(name, {
      name,
      value: Buffer.from(plaintext).toString('utf8'),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      seq: seq(),
    });
    return existing ? 'updated' : 'created';
  }

  get(name: string): StoredSecret | undefined {
    return this.secrets.get(name.toUpperCase());
  }

  list(): StoredSecret[] {
    return [...this.secrets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** GitHub's rules: letters, digits and `_`; no leading digit; no `GITHUB_` prefix; case-insensitive. */
function validateSecretName(raw: string): string {
  const name = raw.toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
    throw new ApiError(
      422,
      'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_), and must not start with a number.',
    );
  }
  if (name.startsWith('GITHUB_')) {
    throw new ApiError(422, 'Secret names must not start with GITHUB_.');
  }
  return name;
}
