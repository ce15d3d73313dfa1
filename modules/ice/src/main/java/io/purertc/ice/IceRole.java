package io.purertc.ice;

/** Which agent decides the pair (nominates) and which follows. */
// RFC 8445 §6.1.1
public enum IceRole {
    CONTROLLING,
    CONTROLLED;

    IceRole opposite() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
