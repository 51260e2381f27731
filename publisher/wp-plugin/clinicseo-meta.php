<?php
/**
 * Plugin Name: clinicseo meta
 * Description: Lets the clinicseo publisher set the Yoast SEO title, meta description and
 *              focus keyphrase, and its own reference key, through XML-RPC and the REST API.
 * Version: 1.1.0
 * License: GPL-2.0-or-later
 *
 * Why this exists: WordPress treats meta keys that start with "_" as protected. Both APIs
 * silently drop them unless the key is registered with an auth_callback; Yoast registers its
 * keys without one, so even with Yoast installed the values never arrive. Registering them
 * here, writable only by users who may edit the post, makes them settable and readable.
 * Install it as a normal plugin or drop it into wp-content/mu-plugins/.
 */

if (!defined('ABSPATH')) {
    exit;
}

function clinicseo_meta_keys() {
    return array('_yoast_wpseo_title', '_yoast_wpseo_metadesc', '_yoast_wpseo_focuskw',
                 '_clinicseo_reference');
}

function clinicseo_register_meta() {
    foreach (clinicseo_meta_keys() as $key) {
        register_post_meta('post', $key, array(
            'type' => 'string',
            'single' => true,
            'show_in_rest' => true,
            'auth_callback' => function ($allowed, $meta_key, $post_id) {
                return current_user_can('edit_post', $post_id);
            },
        ));
    }
}
add_action('init', 'clinicseo_register_meta');
