package io.purertc.sdp;

/**
 * How many sections of an initial offer are marked bundle-only (RFC 8829 §4.1.1): the answerer
 * rejects those unless it accepts BUNDLE.
 */
public enum BundlePolicy {
    /** The first section of each media type stands alone; later ones are bundle-only. */
    BALANCED,
    /** No section is bundle-only: a peer without BUNDLE can still use every one. */
    MAX_COMPAT,
    /** Every section but the first is bundle-only. */
    MAX_BUNDLE
}
