<?php
/**
 * Plugin Name: clinicseo meta
 * Description: Lets the clinicseo publisher set the SEO plugin's fields (Yoast, SEOPress, and
 *              Rank Math over REST), the featured image's alt text and its own reference key
 *              through XML-RPC and the REST API, and puts the post's structured data
 *              (JSON-LD) into the page's head, merged with the SEO plugin's graph.
 * Version: 1.2.0
 * License: GPL-2.0-or-later
 *
 * Why this exists: WordPress treats meta keys that start with "_" as protected. Both APIs
 * silently drop them unless the key is registered with an auth_callback; Yoast registers its
 * keys without one, so even with Yoast installed the values never arrive. Registering them
 * here, writable only by users who may edit the post, makes them settable and readable.
 * JSON-LD sent in a post's body is shown as text to readers when the account lacks
 * unfiltered_html; kept in meta and printed here, it stays data.
 * Install it as a normal plugin or drop it into wp-content/mu-plugins/.
 */

if (!defined('ABSPATH')) {
    exit;
}

define('CLINICSEO_META_VERSION', '1.2.0');

function clinicseo_meta_keys() {
    return array(
        '_yoast_wpseo_title', '_yoast_wpseo_metadesc', '_yoast_wpseo_focuskw',
        '_yoast_wpseo_canonical',
        '_seopress_titles_title', '_seopress_titles_desc', '_seopress_analysis_target_kw',
        '_seopress_robots_canonical',
        // No underscore: XML-RPC takes them anyway; REST only once they are registered.
        'rank_math_title', 'rank_math_description', 'rank_math_focus_keyword',
        'rank_math_canonical_url',
        '_clinicseo_reference', '_clinicseo_jsonld',
    );
}

function clinicseo_can_edit($allowed, $meta_key, $post_id) {
    return current_user_can('edit_post', $post_id);
}

function clinicseo_register_meta() {
    foreach (clinicseo_meta_keys() as $key) {
        register_post_meta('post', $key, array(
            'type' => 'string',
            'single' => true,
            'show_in_rest' => true,
            'auth_callback' => 'clinicseo_can_edit',
        ));
    }
    // The image's alt text, for XML-RPC (REST has alt_text of its own).
    register_post_meta('attachment', '_wp_attachment_image_alt', array(
        'type' => 'string',
        'single' => true,
        'auth_callback' => 'clinicseo_can_edit',
    ));
}
add_action('init', 'clinicseo_register_meta');

// The preflight (`clinicseo wordpress check`) asks which version is installed.
add_action('rest_api_init', function () {
    register_rest_route('clinicseo/v1', '/info', array(
        'methods' => 'GET',
        'permission_callback' => '__return_true',
        'callback' => function () {
            return array('version' => CLINICSEO_META_VERSION);
        },
    ));
});

/** The post's JSON-LD objects (a JSON list in _clinicseo_jsonld), or an empty array. */
function clinicseo_jsonld($post_id) {
    $raw = get_post_meta($post_id, '_clinicseo_jsonld', true);
    $items = $raw ? json_decode($raw, true) : null;
    return is_array($items) ? $items : array();
}

/** Without @context: pieces of a graph. */
function clinicseo_pieces($post_id) {
    $out = array();
    foreach (clinicseo_jsonld($post_id) as $item) {
        unset($item['@context']);
        $out[] = $item;
    }
    return $out;
}

/** Our page object (MedicalWebPage...) and the other pieces (FAQPage...), apart. */
function clinicseo_split($post_id) {
    $page = null;
    $rest = array();
    foreach (clinicseo_pieces($post_id) as $piece) {
        $type = isset($piece['@type']) ? (string) $piece['@type'] : '';
        if ($page === null && substr($type, -7) === 'WebPage') {
            $page = $piece;
        } else {
            $rest[] = $piece;
        }
    }
    return array($page, $rest);
}

/** The SEO plugin's WebPage node, with our page's type and properties added: one page. */
function clinicseo_merge_page($node, $page) {
    if (!is_array($node) || !$page) {
        return $node;
    }
    $types = isset($node['@type']) ? (array) $node['@type'] : array('WebPage');
    $types[] = $page['@type'];
    unset($page['@type'], $page['@id']);
    $node = array_merge($page, $node);  // their ids, url and name win; ours add to them
    foreach (array('reviewedBy', 'lastReviewed', 'about', 'citation') as $key) {
        if (isset($page[$key])) {
            $node[$key] = $page[$key];
        }
    }
    $node['@type'] = array_values(array_unique($types));
    return $node;
}

// One graph per page: where Yoast or Rank Math print theirs, our page object merges into
// their WebPage and our other pieces join the graph; without them we print it ourselves.
add_filter('wpseo_schema_webpage', function ($data) {
    if (!is_singular('post')) {
        return $data;
    }
    list($page, $rest) = clinicseo_split(get_the_ID());
    return clinicseo_merge_page($data, $page);
});
add_filter('wpseo_schema_graph', function ($graph) {
    if (!is_singular('post')) {
        return $graph;
    }
    list($page, $rest) = clinicseo_split(get_the_ID());
    return array_merge($graph, $rest);
});
add_filter('rank_math/json_ld', function ($data) {
    if (!is_singular('post')) {
        return $data;
    }
    list($page, $rest) = clinicseo_split(get_the_ID());
    if (isset($data['WebPage'])) {
        $data['WebPage'] = clinicseo_merge_page($data['WebPage'], $page);
    } elseif ($page) {
        $rest[] = $page;
    }
    foreach ($rest as $i => $piece) {
        $data['clinicseo-' . $i] = $piece;
    }
    return $data;
});
add_action('wp_head', function () {
    if (!is_singular('post') || defined('WPSEO_VERSION') || class_exists('RankMath')) {
        return;
    }
    $pieces = clinicseo_pieces(get_the_ID());
    if ($pieces) {
        $graph = array('@context' => 'https://schema.org', '@graph' => $pieces);
        echo '<script type="application/ld+json">' . wp_json_encode($graph)  // escapes "/": no </script> inside
            . "</script>\n";
    }
});
