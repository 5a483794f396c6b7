import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DEFAULT_DEPLOY_CONFIG, type DeployConfig } from '../deployConfig';
import { GITOPS_APPS_FOLDER, imageTagForCommit } from '../project/constants';
import { DATABASES } from '@dev-portal/plugin-django-gitops-common';
import {
  type AppManifestsInput,
  generateImageUpdater,
  generateManifests,
  imageUpdaterPath,
  MANIFEST_FILE_NAMES,
  resolveManifestSettings,
} from '../k8s';
import { examples } from './k8sManifests.examples';
import { workspaceFolderPath } from '../scaffolder/workspace';

/**
 * `k8s:manifests`: writes the Kubernetes manifests of one app (`apps/<app>/` of the GitOps
 * repository, and `image-updaters/<app>.yaml` in Image Updater mode) into the workspace. Safe in
 * dry runs: it only writes into the task's workspace.
 *
 * @public
 */
export function createK8sManifestsAction(deploy: DeployConfig = DEFAULT_DEPLOY_CONFIG) {
  return createTemplateAction({
    id: 'k8s:manifests',
    description:
      'Generates the Kubernetes manifests of an app for Argo CD (kustomization with the image, Deployment, Service, ' +
      'NetworkPolicy, PVC for SQLite or migration Job, PDB and HPA for PostgreSQL, Ingress or HTTPRoute, monitoring, ' +
      'Image Updater resource) into the workspace, laid out as in the GitOps repository.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string().describe('App name (DNS-1123 label): folder, namespace, Deployment, Application'),
        image: z => z.string().describe('Image repository without tag, e.g. ghcr.io/acme/inventory-api'),
        tag: z => z.string().optional().describe('Immutable image tag, e.g. sha-1a2b3c4 (not latest); or give commitSha'),
        commitSha: z => z.string().optional().describe('Commit the image was built from; the tag becomes sha-<first 7>'),
        digest: z => z.string().optional().describe('The image digest, sha256:<64 hex>, when known: pods then run exactly that image'),
        containerPort: z => z.number().int().optional().describe('Port the app listens on; default 8000'),
        database: z => z.enum(DATABASES).optional().describe('sqlite (one replica on a volume) or postgres; default sqlite'),
        replicas: z => z.number().int().optional().describe('Pods; honoured only with postgres; default 2 (sqlite: 1)'),
        autoscaling: z =>
          z
            .object({
              enabled: z.boolean().optional(),
              maxReplicas: z.number().int().optional().describe('Default 3 x replicas, at most 20'),
              targetCPUUtilization: z.number().int().optional().describe('Percent of the CPU request; default 70'),
            })
            .optional()
            .describe('PostgreSQL only: a HorizontalPodAutoscaler from replicas to maxReplicas'),
        ingress: z =>
          z
            .object({
              enabled: z.boolean().optional(),
              host: z.string().optional().describe('Public host name'),
              className: z.string().optional().describe('IngressClass, e.g. nginx'),
              tls: z
                .object({
                  enabled: z.boolean().optional(),
                  secretName: z.string().optional().describe('Default <app>-tls'),
                  clusterIssuer: z.string().optional().describe('cert-manager ClusterIssuer that issues the certificate'),
                })
                .optional(),
            })
            .optional()
            .describe('Omitted or enabled false: no Ingress'),
        httpRoute: z =>
          z
            .object({
              enabled: z.boolean().optional(),
              host: z.string().optional().describe('Public host name'),
              gateway: z
                .object({
                  name: z.string().optional(),
                  namespace: z.string().optional(),
                  sectionName: z.string().optional().describe('The listener, when the Gateway has several'),
                })
                .optional()
                .describe("The platform's Gateway the route attaches to"),
              tls: z.boolean().optional().describe("Whether the Gateway's listener terminates TLS; default true"),
            })
            .optional()
            .describe('Gateway API HTTPRoute instead of an Ingress'),
        networkPolicy: z =>
          z
            .object({
              ingressNamespace: z.string().optional().describe("Ingress controller's namespace; default ingress-nginx (or the Gateway's)"),
              monitoringNamespace: z.string().optional().describe("Prometheus' namespace; default monitoring"),
            })
            .optional()
            .describe('Namespaces the NetworkPolicy lets in'),
        monitoring: z =>
          z
            .object({
              enabled: z.boolean().optional(),
              labels: z.record(z.string()).optional().describe('Labels your Prometheus selects rules and monitors by'),
            })
            .optional()
            .describe('ServiceMonitor, PrometheusRule and Grafana dashboard'),
        storage: z =>
          z
            .object({
              size: z.string().optional().describe('Default 1Gi'),
              storageClassName: z.string().optional().describe('Default: the cluster default class'),
            })
            .optional()
            .describe('The SQLite volume'),
        resources: z =>
          z
            .object({
              requests: z.object({ cpu: z.string().optional(), memory: z.string().optional() }).optional(),
              limits: z.object({ cpu: z.string().optional(), memory: z.string().optional() }).optional(),
            })
            .optional()
            .describe('Default requests 100m/256Mi, limits 1/512Mi'),
        env: z => z.record(z.string()).optional().describe('Extra plain environment variables (no secrets)'),
        imagePullSecret: z => z.string().optional().describe('Secret in the app namespace with registry credentials'),
        imageUpdater: z =>
          z
            .object({
              enabled: z.boolean().optional(),
              namespace: z.string().optional().describe('Namespace of Argo CD and Image Updater; default devPortal.argocd.namespace'),
              branch: z.string().optional().describe('GitOps branch the new tag is committed to; default main'),
              pullSecret: z.string().optional().describe('Image Updater credentials, pullsecret:<namespace>/<name>; default the pull secret in that namespace'),
            })
            .optional()
            .describe('Argo CD Image Updater writes the tag instead of the CI workflow'),
        targetPath: z =>
          z.string().optional().describe('Workspace folder laid out as the GitOps repository (apps/<name>/, image-updaters/); default gitops'),
      },
      output: {
        appPath: z => z.string().describe('The app folder written, relative to the workspace'),
        files: z => z.array(z.string()).describe('File names written into appPath'),
        image: z => z.string().describe('The deployed image reference, repository:tag'),
        tag: z => z.string().describe('The image tag'),
        applicationName: z => z.string().describe('The Argo CD Application the ApplicationSet creates'),
        namespace: z => z.string().describe('The namespace the app runs in'),
        replicas: z => z.number().describe('Replicas deployed'),
      },
    },
    async handler(ctx) {
      const { tag, commitSha, targetPath, ...rest } = ctx.input;
      const input: AppManifestsInput = {
        ...rest,
        tag: resolveTag(tag, commitSha),
        imageUpdater: rest.imageUpdater && { namespace: deploy.argocd.namespace, ...rest.imageUpdater },
      };
      const settings = resolveManifestSettings(input, deploy.reservedNamespaces);
      const root = targetPath ?? 'gitops';
      const appPath = path.posix.join(root, GITOPS_APPS_FOLDER, settings.name);
      const rootFolder = workspaceFolderPath(ctx.workspacePath, root, 'targetPath');
      const folder = path.join(rootFolder, GITOPS_APPS_FOLDER, settings.name);
      const files = generateManifests(input, deploy.reservedNamespaces);
      const imageUpdater = generateImageUpdater(input, deploy.reservedNamespaces);

      if (settings.replicas !== settings.requestedReplicas) {
        ctx.logger.warn(
          `replicas: ${settings.requestedReplicas} asked for, deploying 1: SQLite on a ReadWriteOnce volume serves one pod`,
        );
      }
      await fs.mkdir(folder, { recursive: true });
      for (const stale of MANIFEST_FILE_NAMES.filter(name => !files.has(name))) {
        await fs.rm(path.join(folder, stale), { force: true });
      }
      for (const [name, content] of files) await fs.writeFile(path.join(folder, name), content);
      // Outside the app folder: the platform's Application applies it in Argo CD's namespace.
      const imageUpdaterFile = path.join(rootFolder, imageUpdaterPath(settings.name));
      if (imageUpdater) {
        await fs.mkdir(path.dirname(imageUpdaterFile), { recursive: true });
        await fs.writeFile(imageUpdaterFile, imageUpdater);
      } else {
        await fs.rm(imageUpdaterFile, { force: true });
      }
      ctx.logger.info(
        `Wrote ${files.size} files for ${settings.name} (${settings.image}:${settings.tag}) into ${appPath}${
          imageUpdater ? ` and ${path.posix.join(root, imageUpdaterPath(settings.name))}` : ''
        }`,
      );

      ctx.output('appPath', appPath);
      ctx.output('files', [...files.keys()]);
      ctx.output('image', `${settings.image}:${settings.tag}${settings.digest ? `@${settings.digest}` : ''}`);
      ctx.output('tag', settings.tag);
      ctx.output('applicationName', settings.name);
      ctx.output('namespace', settings.namespace);
      ctx.output('replicas', settings.replicas);
    },
  });
}

/** The tag CI gave the image: given as is, or derived from the commit as CI derives it. */
function resolveTag(tag: string | undefined, commitSha: string | undefined): string {
  if (tag !== undefined && commitSha !== undefined) throw new InputError('tag, commitSha: give one of them, not both');
  if (commitSha !== undefined) {
    try {
      return imageTagForCommit(commitSha);
    } catch {
      throw new InputError('commitSha: must be a lowercase hexadecimal commit SHA (7 to 40 digits)');
    }
  }
  if (tag === undefined) throw new InputError('tag: give the image tag (e.g. sha-1a2b3c4) or commitSha');
  return tag;
}
