/** SRTP and SRTCP (RFC 3711, RFC 7714) on the JDK's own ciphers. */
package io.purertc.srtp;
