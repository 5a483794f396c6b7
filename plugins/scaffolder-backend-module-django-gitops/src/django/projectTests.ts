import { LIVENESS_PATH, METRICS_PATH, METRICS_PORT, READINESS_PATH } from '../project/constants';
import { modelEndpointPath, type ProjectSpec, usesUploads } from '@dev-portal/plugin-django-gitops-common';
import { layout, pyStr } from './python';

/** With any access but "public": HTTP Basic is not a way in, even with the right password. */
const BASIC_AUTH_TEST = `
    def test_http_basic_is_not_accepted(self):
        self.user.set_password("correct horse battery staple")
        self.user.save()
        self.sign_out()
        password = base64.b64encode(b"tester:correct horse battery staple").decode()
        self.client.credentials(HTTP_AUTHORIZATION=f"Basic {password}")

        response = self.client.post(self.list_url, {}, format="json")

        self.assertEqual(response.status_code, status.HTTP_401_UNAUTHORIZED)
`;

/**
 * `tests/test_project.py`: what surrounds the endpoints, once per project: probes (readiness
 * down with the database), metrics on their own port only, token sign-in, the error shape,
 * request ids, refused hosts, the OpenAPI schema, and the pages that need collected static
 * files (admin, Swagger UI, the browsable API).
 */
export function renderProjectTests(spec: ProjectSpec): string {
  const endpoints = layout({ list: spec.models.map(model => pyStr(modelEndpointPath(model))) }, 8, 'for path in ', ':');
  // Uploads are binary in request bodies, so Swagger UI offers a file picker.
  const binaryCheck = usesUploads(spec) ? '\n        self.assertIn("format: binary", schema)' : '';
  const basicAuth = spec.access === 'public' ? '' : BASIC_AUTH_TEST;

  return `"""The project around the endpoints: probes, metrics, sign-in, errors, schema, pages."""

${basicAuth ? 'import base64\n' : ''}import re
import tempfile
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework import status
from rest_framework.authtoken.models import Token

from ${spec.appName}.tests.base import ApiTestCase


class ProjectTests(ApiTestCase):
    def setUp(self):
        super().setUp()
        # Any endpoint of the API will do: the first model's.
        self.list_url = reverse(${pyStr(`${spec.models[0].name.toLowerCase()}-list`)})

    def test_probes_answer_plain_http_for_any_host(self):
        # What kubelet sends: the pod's address, over HTTP.
        client = Client(HTTP_HOST="10.1.2.3:8000")

        self.assertEqual(client.get(${pyStr(LIVENESS_PATH)}).status_code, status.HTTP_200_OK)
        self.assertEqual(client.get(${pyStr(READINESS_PATH)}).json(), {"status": "ok"})

    def test_readiness_fails_while_the_database_is_down(self):
        down = OperationalError("the database is unreachable")
        with (
            mock.patch.object(connection, "cursor", side_effect=down),
            self.assertLogs("${spec.packageName}.health", "ERROR"),
        ):
            response = Client().get(${pyStr(READINESS_PATH)})

        self.assertEqual(response.status_code, status.HTTP_503_SERVICE_UNAVAILABLE)

    def test_metrics_are_served_on_the_metrics_port_only(self):
        # What Prometheus sends: the pod's address, on the metrics port.
        scraper = Client(HTTP_HOST="10.1.2.3:${METRICS_PORT}")
        metrics = scraper.get(${pyStr(METRICS_PATH)}, SERVER_PORT="${METRICS_PORT}")
        on_api_port = self.client.get(${pyStr(METRICS_PATH)})

        self.assertEqual(metrics.status_code, status.HTTP_200_OK)
        self.assertIn(b"django_http_requests", metrics.content)
        self.assertEqual(on_api_port.status_code, status.HTTP_404_NOT_FOUND)

    def test_a_token_signs_a_client_in(self):
        token = Token.objects.create(user=self.user)
        self.sign_out()

        self.client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        refused = self.client.post(self.list_url, {}, format="json")
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        accepted = self.client.post(self.list_url, {}, format="json")

        self.assertEqual(refused.status_code, status.HTTP_401_UNAUTHORIZED)
        self.assertEqual(refused.data["code"], "authentication_failed")
        # Past authentication: created, or refused for its (empty) content.
        self.assertIn(
            accepted.status_code, [status.HTTP_201_CREATED, status.HTTP_400_BAD_REQUEST]
        )
${basicAuth}
    def test_errors_have_one_shape(self):
        no_row = self.client.get(self.list_url + "999999/")
        no_route = self.client.get("/api/no-such-endpoint/")

        for response in (no_row, no_route):
            self.assertEqual(response.status_code, status.HTTP_404_NOT_FOUND)
            self.assertEqual(
                response.json(), {"code": "not_found", "detail": "Not found."}
            )

    def test_requests_carry_an_id(self):
        given = self.client.get(self.list_url, HTTP_X_REQUEST_ID="trace-42")
        made = self.client.get(self.list_url)

        self.assertEqual(given["X-Request-ID"], "trace-42")
        self.assertRegex(made["X-Request-ID"], r"^[0-9a-f]{32}$")

    def test_an_unknown_host_is_refused_without_an_error_log(self):
        with self.assertNoLogs("django.security", "ERROR"):
            response = self.client.get(self.list_url, HTTP_HOST="scanner.example")

        self.assertEqual(response.status_code, status.HTTP_400_BAD_REQUEST)

    def test_the_openapi_schema_is_valid_and_complete(self):
        output = StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)

        schema = output.getvalue()
${endpoints}
            with self.subTest(path=path):
                self.assertIn(f"{path}:", schema)${binaryCheck}

    def test_pages_load_with_production_static_files(self):
        self.client.force_login(self.user)
        with (
            tempfile.TemporaryDirectory() as static_root,
            override_settings(STATIC_ROOT=static_root),
        ):
            call_command("collectstatic", "--noinput", verbosity=0)
            # A new client: WhiteNoise reads STATIC_ROOT when its middleware starts.
            client = Client(HTTP_X_FORWARDED_PROTO="https")
            client.force_login(self.user)
            pages = {
                url: client.get(url)
                for url in [
                    "/admin/login/",
                    "/api/docs/",
                    self.list_url + "?format=api",
                ]
            }
            stylesheet = re.search(
                r'href="(/static/admin/css/base\\.[0-9a-f]+\\.css)"',
                pages["/admin/login/"].content.decode(),
            )
            asset = client.get(stylesheet[1])

        for url, response in pages.items():
            with self.subTest(url=url):
                self.assertEqual(response.status_code, status.HTTP_200_OK)
        self.assertEqual(asset.status_code, status.HTTP_200_OK)
`;
}
