package io.purertc.sdp;

/**
 * The connection-address forms an ICE candidate may carry (RFC 8839 §5.1): an IPv4 or IPv6
 * literal, or a fully qualified domain name, which includes the multicast DNS names
 * ({@code <uuid>.local}) browsers use to hide host addresses.
 */
final class Addresses {

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private Addresses() {
    }

    static boolean isValid(String address) {
        return isIpv4(address) || isIpv6(address) || isDomainName(address);
    }

    static boolean isIpv4(String s) {
        int octets = 0;
        int start = 0;
        while (start <= s.length()) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            if (!isOctet(s, start, end)) {
                return false;
            }
            octets++;
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        return octets == 4;
    }

    private static boolean isOctet(String s, int start, int end) {
        if (end <= start || end - start > 3) {
            return false;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255;
    }

    /** RFC 4291 §2.2 text forms: eight groups, one "::" elision, optional trailing IPv4. */
    static boolean isIpv6(String s) {
        if (s.length() < 2 || s.indexOf(':') < 0) {
            return false;
        }
        int elision = s.indexOf("::");
        if (elision >= 0 && s.indexOf("::", elision + 1) >= 0) {
            return false;
        }
        String head = elision < 0 ? s : s.substring(0, elision);
        String tail = elision < 0 ? "" : s.substring(elision + 2);
        int groups = countGroups(head, elision < 0);
        int tailGroups = elision < 0 ? 0 : countGroups(tail, true);
        if (groups < 0 || tailGroups < 0) {
            return false;
        }
        int total = groups + tailGroups;
        return elision < 0 ? total == 8 : total <= 7;
    }

    /** Groups in a ':'-separated run (an IPv4 tail counts two), or -1 if malformed. */
    private static int countGroups(String run, boolean mayEndInIpv4) {
        if (run.isEmpty()) {
            return 0;
        }
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return -1;
                }
                count += 2;
            } else if (isHexGroup(part)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean isHexGroup(String part) {
        if (part.isEmpty() || part.length() > 4) {
            return false;
        }
        for (int i = 0; i < part.length(); i++) {
            if (Character.digit(part.charAt(i), 16) < 0 || part.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * RFC 1123 §2.1 host name: dot-separated labels of letters, digits and inner hyphens. A name
     * made only of digits and dots is a botched IPv4 literal, not a name.
     */
    static boolean isDomainName(String s) {
        if (s.isEmpty() || s.length() > MAX_NAME_LENGTH || isDigitsAndDots(s)) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH
                    || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-'
                    || !Grammar.isAlphaNumericOr(label, "-")) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
