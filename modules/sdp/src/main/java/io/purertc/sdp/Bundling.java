package io.purertc.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The BUNDLE group of an offer or answer (RFC 8843 §7.2, §7.3; RFC 8829 §5.2.1, §5.3.1): which
 * sections share the transport, and on offers which of them are bundle-only (port 0 with
 * {@code a=bundle-only}, RFC 8843 §6), as the bundle policy asks.
 */
final class Bundling {

    private static final int JSEP_PLACEHOLDER_PORT = 9;

    private Bundling() {
    }

    static SessionDescription offer(SessionDescription offer, BundlePolicy policy) {
        List<MediaDescription> sections = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        Set<String> mediaTypes = new HashSet<>();
        for (MediaDescription section : offer.media()) {
            Optional<String> mid = section.mid();
            if (mid.isEmpty() || section.isRejected()) {
                sections.add(section);
                continue;
            }
            boolean bundleOnly = switch (policy) {
                case MAX_BUNDLE -> !mids.isEmpty();
                case BALANCED -> !mediaTypes.add(section.media());
                case MAX_COMPAT -> false;
            };
            mids.add(mid.get());
            sections.add(bundleOnly ? markBundleOnly(section) : unmarkBundleOnly(section));
        }
        return withGroup(offer, mids).withMedia(sections);
    }

    static SessionDescription answer(SessionDescription answer, SessionDescription offer) {
        List<String> offeredMids = offer.group(Group.BUNDLE).map(Group::mids).orElse(List.of());
        List<String> mids = new ArrayList<>();
        for (String mid : offeredMids) {
            Optional<MediaDescription> section = answer.section(mid);
            if (section.isPresent() && !section.get().isRejected()) {
                mids.add(mid);
            }
        }
        return withGroup(answer, mids);
    }

    /** RFC 8843 §6: a bundle-only section has port 0 and says so. */
    private static MediaDescription markBundleOnly(MediaDescription section) {
        if (section.isBundleOnly()) {
            return section.withPort(0);
        }
        List<Attribute> attributes = new ArrayList<>(section.attributes());
        int afterMid = attributes.indexOf(section.attribute(Mid.class).orElseThrow()) + 1;
        attributes.add(afterMid, Property.BUNDLE_ONLY);
        return section.withPort(0).withAttributes(attributes);
    }

    /**
     * A section that stands alone needs a port of its own: a bundle-only one gets 9, JSEP's
     * placeholder when ICE will choose the address (RFC 8829 §5.2.1).
     */
    private static MediaDescription unmarkBundleOnly(MediaDescription section) {
        if (!section.isBundleOnly()) {
            return section;
        }
        List<Attribute> attributes = new ArrayList<>(section.attributes());
        attributes.remove(Property.BUNDLE_ONLY);
        return section.withPort(section.port() == 0 ? JSEP_PLACEHOLDER_PORT : section.port()).withAttributes(attributes);
    }

    /** Replaces the BUNDLE groups with one listing {@code mids}, where the first stood (or first). */
    private static SessionDescription withGroup(SessionDescription description, List<String> mids) {
        List<Attribute> attributes = new ArrayList<>();
        int position = 0;
        boolean found = false;
        for (Attribute attribute : description.attributes()) {
            if (attribute instanceof Group group && group.semantics().equals(Group.BUNDLE)) {
                if (!found) {
                    position = attributes.size();
                    found = true;
                }
            } else {
                attributes.add(attribute);
            }
        }
        if (!mids.isEmpty()) {
            attributes.add(position, new Group(Group.BUNDLE, mids));
        }
        return description.withAttributes(attributes);
    }
}
