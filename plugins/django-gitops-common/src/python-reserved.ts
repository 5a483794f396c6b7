// Names a generated Python module, package or identifier must not take.
// Regenerate the standard-library list with: python3 -c "import sys; print(sorted(sys.stdlib_module_names))"

/** Python's hard keywords (soft keywords such as `match` are legal names). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Standard-library top-level modules: a package of this name would shadow them. */
export const PYTHON_STDLIB_MODULES: ReadonlySet<string> = new Set([
  'abc', 'aifc', 'antigravity', 'argparse', 'array', 'ast', 'asynchat', 'asyncio', 'asyncore',
  'atexit', 'audioop', 'base64', 'bdb', 'binascii', 'bisect', 'builtins', 'bz2', 'cProfile',
  'calendar', 'cgi', 'cgitb', 'chunk', 'cmath', 'cmd', 'code', 'codecs', 'codeop', 'collections',
  'colorsys', 'compileall', 'concurrent', 'configparser', 'contextlib', 'contextvars', 'copy',
  'copyreg', 'crypt', 'csv', 'ctypes', 'curses', 'dataclasses', 'datetime', 'dbm', 'decimal',
  'difflib', 'dis', 'distutils', 'doctest', 'email', 'encodings', 'ensurepip', 'enum', 'errno',
  'faulthandler', 'fcntl', 'filecmp', 'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools',
  'gc', 'genericpath', 'getopt', 'getpass', 'gettext', 'glob', 'graphlib', 'grp', 'gzip',
  'hashlib', 'heapq', 'hmac', 'html', 'http', 'idlelib', 'imaplib', 'imghdr', 'imp', 'importlib',
  'inspect', 'io', 'ipaddress', 'itertools', 'json', 'keyword', 'lib2to3', 'linecache', 'locale',
  'logging', 'lzma', 'mailbox', 'mailcap', 'marshal', 'math', 'mimetypes', 'mmap',
  'modulefinder', 'msilib', 'msvcrt', 'multiprocessing', 'netrc', 'nis', 'nntplib', 'nt',
  'ntpath', 'nturl2path', 'numbers', 'opcode', 'operator', 'optparse', 'os', 'ossaudiodev',
  'pathlib', 'pdb', 'pickle', 'pickletools', 'pipes', 'pkgutil', 'platform', 'plistlib',
  'poplib', 'posix', 'posixpath', 'pprint', 'profile', 'pstats', 'pty', 'pwd', 'py_compile',
  'pyclbr', 'pydoc', 'pydoc_data', 'pyexpat', 'queue', 'quopri', 'random', 're', 'readline',
  'reprlib', 'resource', 'rlcompleter', 'runpy', 'sched', 'secrets', 'select', 'selectors',
  'shelve', 'shlex', 'shutil', 'signal', 'site', 'smtpd', 'smtplib', 'sndhdr', 'socket',
  'socketserver', 'spwd', 'sqlite3', 'sre_compile', 'sre_constants', 'sre_parse', 'ssl', 'stat',
  'statistics', 'string', 'stringprep', 'struct', 'subprocess', 'sunau', 'symtable', 'sys',
  'sysconfig', 'syslog', 'tabnanny', 'tarfile', 'telnetlib', 'tempfile', 'termios', 'textwrap',
  'this', 'threading', 'time', 'timeit', 'tkinter', 'token', 'tokenize', 'tomllib', 'trace',
  'traceback', 'tracemalloc', 'tty', 'turtle', 'turtledemo', 'types', 'typing', 'unicodedata',
  'unittest', 'urllib', 'uu', 'uuid', 'venv', 'warnings', 'wave', 'weakref', 'webbrowser',
  'winreg', 'winsound', 'wsgiref', 'xdrlib', 'xml', 'xmlrpc', 'zipapp', 'zipfile', 'zipimport',
  'zlib', 'zoneinfo',
]);

/**
 * Top-level modules of the generated project's dependencies (the transitive ones it pins in
 * requirements.txt too), and the names of its own top-level folders: a Django app or project
 * package of the same name would shadow them.
 */
export const PROJECT_RESERVED_MODULES: ReadonlySet<string> = new Set([
  // Direct dependencies.
  'django', 'rest_framework', 'django_filters', 'drf_spectacular', 'drf_spectacular_sidecar',
  'corsheaders', 'whitenoise', 'gunicorn', 'dj_database_url', 'psycopg', 'psycopg_binary', 'PIL', 'pillow',
  'django_prometheus', 'prometheus_client', 'storages', 'boto3',
  // Their dependencies (TRANSITIVE in src/django/requirements.ts).
  'asgiref', 'attr', 'attrs', 'inflection', 'jsonschema', 'jsonschema_specifications', 'yaml',
  'referencing', 'rpds', 'sqlparse', 'typing_extensions', 'uritemplate', 'botocore', 's3transfer',
  'jmespath', 'dateutil', 'six', 'urllib3',
  // The project's own folders and files.
  'test', 'tests', 'static', 'media', 'templates', 'data', 'manage', 'setup',
]);

/**
 * Labels of the apps in the generated INSTALLED_APPS besides the user's own, with the module
 * that has each: Django refuses two apps with one label, and a package of that name would be
 * mistaken for the installed app.
 */
export const INSTALLED_APP_LABELS: ReadonlyMap<string, string> = new Map([
  ...['admin', 'auth', 'contenttypes', 'sessions', 'messages', 'staticfiles'].map(
    (label): [string, string] => [label, `django.contrib.${label}`],
  ),
  ['authtoken', 'rest_framework.authtoken'],
  ['accounts', "the project's user app"],
]);
