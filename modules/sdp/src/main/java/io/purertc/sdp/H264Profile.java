package io.purertc.sdp;

/**
 * The H.264 profile named by the first two bytes of an fmtp {@code profile-level-id}
 * (RFC 6184 §8.1: profile_idc, then profile-iop holding the constraint_set flags). Two
 * profile-level-ids describe the same profile when these agree, whatever the level. A
 * Constrained Baseline stream may be signalled under the Baseline, Main or Extended
 * profile_idc with the right constraint flags (H.264 §A.2.1.1), hence the patterns.
 */
enum H264Profile {
    CONSTRAINED_BASELINE,
    BASELINE,
    MAIN,
    HIGH,
    CONSTRAINED_HIGH,
    PREDICTIVE_HIGH_444;

    /** RFC 6184 §8.1: without profile-level-id the stream is Baseline, level 1. */
    static final String DEFAULT_PROFILE_LEVEL_ID = "42000a";

    /** profile_idc, then a mask and value over profile-iop; first match wins. */
    private record Pattern(int profileIdc, int iopMask, int iopValue, H264Profile profile) {
    }

    private static final Pattern[] PATTERNS = {
        new Pattern(0x42, 0x4f, 0x40, CONSTRAINED_BASELINE),
        new Pattern(0x4d, 0x8f, 0x80, CONSTRAINED_BASELINE),
        new Pattern(0x58, 0xcf, 0xc0, CONSTRAINED_BASELINE),
        new Pattern(0x42, 0x4f, 0x00, BASELINE),
        new Pattern(0x58, 0xcf, 0x80, BASELINE),
        new Pattern(0x4d, 0xaf, 0x00, MAIN),
        new Pattern(0x64, 0xff, 0x00, HIGH),
        new Pattern(0x64, 0xff, 0x0c, CONSTRAINED_HIGH),
        new Pattern(0xf4, 0xff, 0x00, PREDICTIVE_HIGH_444),
    };

    /** The profile of {@code profileLevelId}, or null if it is not six hex digits of a known profile. */
    static H264Profile of(String profileLevelId) {
        if (profileLevelId.length() != 6 || hexByte(profileLevelId, 4) < 0) {
            return null;
        }
        int idc = hexByte(profileLevelId, 0);
        int iop = hexByte(profileLevelId, 2);
        for (Pattern pattern : PATTERNS) {
            if (pattern.profileIdc == idc && (iop & pattern.iopMask) == pattern.iopValue) {
                return pattern.profile;
            }
        }
        return null;
    }

    /** Whether two profile-level-ids name the same profile, level aside; unknown ones must match exactly. */
    static boolean sameProfile(String a, String b) {
        H264Profile pa = of(a);
        H264Profile pb = of(b);
        if (pa == null || pb == null) {
            return pa == pb && a.regionMatches(true, 0, b, 0, 4);
        }
        return pa == pb;
    }

    private static int hexByte(String s, int at) {
        int high = Character.digit(s.charAt(at), 16);
        int low = Character.digit(s.charAt(at + 1), 16);
        return high < 0 || low < 0 || s.charAt(at) > 0x7f || s.charAt(at + 1) > 0x7f ? -1 : high << 4 | low;
    }
}
