package io.purertc.dtls;

/** Certificates generated once for all tests: ECDSA makes milliseconds, RSA-2048 up to a second. */
final class TestCertificates {

    static final DtlsCertificate CLIENT = DtlsCertificate.generate();
    static final DtlsCertificate SERVER = DtlsCertificate.generate();
    static final DtlsCertificate RSA = DtlsCertificate.generate(DtlsCertificate.KeyType.RSA_2048);

    private TestCertificates() {
    }
}
