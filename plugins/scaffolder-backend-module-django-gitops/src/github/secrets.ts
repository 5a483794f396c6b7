import sodium from 'libsodium-wrappers';
import type { GitHubClient } from './client';
import { statusOf } from './client';
import type { RepositoryRef } from './repository';


/**
 * GitHub's rules for secret names: letters, digits and "_", not starting with a digit, nor with
 * `GITHUB_` in any case (names are case-insensitive). No regex flags: JSON Schema has none, and
 * the action's schema carries this pattern to the scaffolder.
 */
export const SECRET_NAME = /^(?![Gg][Ii][Tt][Hh][Uu][Bb]_)[A-Za-z_][A-Za-z0-9_]*$/;

/** GitHub refuses secret values over 48 KB. */
export const MAX_SECRET_BYTES = 48 * 1024;

/**
 * Seals `value` for the repository's public key (libsodium's crypto_box_seal), as GitHub expects:
 * standard base64 with padding, not libsodium's default URL-safe variant.
 */
export async function sealSecret(value: string, publicKeyBase64: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL);
  const sealed = sodium.crypto_box_seal(sodium.from_string(value), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

export interface SetSecretOptions extends RepositoryRef {
  name: string;
  value: string;
  /** A deployment environment's secret instead of the repository's. */
  environment?: string;
}

/** Stores an Actions secret. Returns whether GitHub created it or replaced an existing one. */
export async function setActionsSecret(
  client: GitHubClient,
  { owner, repo, name, value, environment }: SetSecretOptions,
): Promise<'created' | 'updated'> {
  const { data: key } = environment
    ? await client.actions.getEnvironmentPublicKey({ owner, repo, environment_name: environment })
    : await client.actions.getRepoPublicKey({ owner, repo });
  const encrypted_value = await sealSecret(value, key.key);
  const response = environment
    ? await client.actions.createOrUpdateEnvironmentSecret({
        owner,
        repo,
        environment_name: environment,
        secret_name: name,
        encrypted_value,
        key_id: key.key_id,
      })
    : await client.actions.createOrUpdateRepoSecret({ owner, repo, secret_name: name, encrypted_value, key_id: key.key_id });
  return statusOf(response) === 201 ? 'created' : 'updated';
}
