/** DTLS 1.2 for DTLS-SRTP (RFC 5763, RFC 5764, RFC 8827) on BouncyCastle bctls. */
package io.purertc.dtls;
