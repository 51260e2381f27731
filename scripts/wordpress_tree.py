"""The files of the throwaway WordPress (:mod:`scripts.local_wordpress` runs it).

Debian's tree (``/usr/share/wordpress``) hardlinked (core) and copied (the rest) beside our
own ``wp-config.php``: symlinks would not do, PHP resolves ``__FILE__`` through them and would
load Debian's config from /etc. Two mu-plugins: ``publisher/wp-plugin/clinicseo-meta.php``
(the plugin the clinic installs) and a local one whose switches are files in the temp folder
(XML-RPC off, HTTP 500s); a ``php -S`` router; and the script that runs ``wp_install()``.
No processes here.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WP_SOURCE = Path("/usr/share/wordpress")
META_PLUGIN = REPO / "publisher" / "wp-plugin" / "clinicseo-meta.php"
WWW = "www"  # the document root, in the temp folder
ROUTER = "router.php"  # in the temp folder, beside www/
INSTALL_SCRIPT = "install-local.php"  # in www/: prints {"app_password": ...}; delete after use
# Files in the temp folder the local mu-plugin obeys. "seo-<name>": the site lists that SEO
# plugin's REST namespace, which is all the preflight's detection reads (the plugins
# themselves are not installed here: their fields are plain post meta, written the same way).
SEO_NAMESPACES = {"yoast": "yoast/v1", "rankmath": "rankmath/v1", "aioseo": "aioseo/v1",
                  "seopress": "seopress/v1"}  # fmt: skip
SWITCHES = ("xmlrpc-off", "fault-500", *(f"seo-{name}" for name in SEO_NAMESPACES))
COMPANION = "wp-content/mu-plugins/clinicseo-meta.php"  # in www/; moved aside to test without
PHP_RUNNER = "run-php.php"  # in the temp folder: loads WordPress, then runs the code on stdin

_LOCAL_PLUGIN = r"""<?php
/* Test switches for the local WordPress: each is a file in the temp folder. */
add_filter('pre_wp_mail', '__return_true');  // no sendmail here; mail is not our concern
if (file_exists(CLINICSEO_LOCAL_STATE . '/xmlrpc-off')) {
    add_filter('xmlrpc_enabled', '__return_false');
}
foreach (array('yoast' => 'yoast/v1', 'rankmath' => 'rankmath/v1', 'aioseo' => 'aioseo/v1',
               'seopress' => 'seopress/v1') as $name => $ns) {
    if (file_exists(CLINICSEO_LOCAL_STATE . '/seo-' . $name)) {
        add_action('rest_api_init', function () use ($ns) {
            register_rest_route($ns, '/local', array('methods' => 'GET',
                'permission_callback' => '__return_true', 'callback' => '__return_empty_array'));
        });
    }
}
if (file_exists(CLINICSEO_LOCAL_STATE . '/fault-500')) {
    http_response_code(500);
    echo 'simulated server error';
    exit;
}
"""

_ROUTER = r"""<?php
/* php -S router: real files as they are, everything else to WordPress (pretty permalinks). */
$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
if ($path !== '/' && file_exists($root . $path)) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
require $root . '/index.php';
"""

_PHP_RUNNER = r"""<?php
/* For tests: load WordPress as the user in $LWP_AS (an id; 0: nobody), then eval stdin. */
require getenv('LWP_WWW') . '/wp-load.php';
wp_set_current_user((int) getenv('LWP_AS'));
eval(stream_get_contents(STDIN));
"""

_INSTALL = r"""<?php
define('WP_INSTALLING', true);
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install('Cosmos Clinic (local)', getenv('LWP_USER'), 'admin@example.invalid',
                     true, '', wp_slash(getenv('LWP_PASSWORD')));
wp_delete_post(1, true);  // "Hello world!" and the sample page: start with an empty blog
wp_delete_post(2, true);
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
$wp_rewrite->flush_rules(false);
list($app_password, $item) = WP_Application_Passwords::create_new_application_password(
    $result['user_id'], array('name' => 'clinicseo'));
echo json_encode(array('app_password' => $app_password));
"""


def build_tree(root: Path, url: str, socket_path: Path) -> None:
    """Lay out the site in ``root``: ``www/`` (WordPress with our config, the mu-plugins and
    the install script) and the router beside it."""
    www = root / WWW
    www.mkdir()
    for item in WP_SOURCE.iterdir():
        if item.name in ("wp-config.php", ".htaccess", "wp-content"):
            continue  # our own config; .htaccess is a symlink into /etc
        if item.is_dir():
            # Hardlinks: fast, and safe because nothing edits core files in place.
            shutil.copytree(item, www / item.name, copy_function=_link_or_copy)
        else:
            shutil.copy2(item, www / item.name)
    content = www / "wp-content"
    (content / "plugins").mkdir(parents=True)  # languages (31 MB) and akismet left out
    shutil.copytree(
        WP_SOURCE / "wp-content" / "themes", content / "themes", copy_function=_link_or_copy
    )
    mu = content / "mu-plugins"
    mu.mkdir()
    shutil.copy2(META_PLUGIN, mu / "clinicseo-meta.php")
    (mu / "clinicseo-local.php").write_text(_LOCAL_PLUGIN)
    (root / ROUTER).write_text(_ROUTER)
    (root / PHP_RUNNER).write_text(_PHP_RUNNER)
    (www / INSTALL_SCRIPT).write_text(_INSTALL)
    salts = "\n".join(
        f"define('{k}', '{secrets.token_hex(32)}');"
        for k in ("AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
                  "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT")
    )  # fmt: skip
    (www / "wp-config.php").write_text(
        f"""<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:{socket_path}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = 'wp_';
define('WP_HOME', '{url}');
define('WP_SITEURL', '{url}');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_DEBUG', false);
define('CLINICSEO_LOCAL_STATE', '{root}');
{salts}
if (!defined('ABSPATH')) {{ define('ABSPATH', __DIR__ . '/'); }}
require_once ABSPATH . 'wp-settings.php';
"""
    )


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another filesystem: copy instead
        shutil.copy2(src, dst)
