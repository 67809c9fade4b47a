package io.tapflow.enrich;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The tags of one side of a flow (client or server), filled by {@link ResourceIndex#lookup} and
 * written by {@link TagFiller} into the _0 or _1 columns. Mutable and reused across records, so a
 * lookup allocates nothing; copy what you keep.
 */
public final class EndpointTags {
    /** l3_epc_id of an address that lies in no VPC of the catalog. */
    public static final int INTERNET = -2;

    final int[] values = new int[TagColumn.COUNT];
    int interfaceVpc;
    int[] groups = new int[8];
    int groupCount;

    public int get(TagColumn column) {
        return values[column.ordinal()];
    }

    /** epc_id: the VPC of the interface (MAC) the side's packets were seen on; 0 = unknown. */
    public int interfaceVpc() {
        return interfaceVpc;
    }

    public int groupCount() {
        return groupCount;
    }

    public int group(int i) {
        return groups[i];
    }

    /** group_ids as a new ascending list, or a shared empty list when there are none. */
    public List<Integer> groupIds() {
        if (groupCount == 0) {
            return Collections.emptyList();
        }
        List<Integer> out = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            out.add(groups[i]);
        }
        return out;
    }

    void clear() {
        Arrays.fill(values, 0);
        interfaceVpc = 0;
        groupCount = 0;
    }

    void set(TagColumn column, int value) {
        values[column.ordinal()] = value;
    }

    /** Adds a group id keeping the list ascending and free of duplicates. */
    void addGroup(int id) {
        int i = Arrays.binarySearch(groups, 0, groupCount, id);
        if (i >= 0) {
            return;
        }
        int at = -i - 1;
        if (groupCount == groups.length) {
            groups = Arrays.copyOf(groups, groupCount * 2);
        }
        System.arraycopy(groups, at, groups, at + 1, groupCount - at);
        groups[at] = id;
        groupCount++;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (TagColumn c : TagColumn.values()) {
            if (values[c.ordinal()] != 0) {
                sb.append(c.name().toLowerCase()).append('=').append(values[c.ordinal()]).append(' ');
            }
        }
        if (interfaceVpc != 0) {
            sb.append("epc_id=").append(interfaceVpc).append(' ');
        }
        if (groupCount > 0) {
            sb.append("group_ids=").append(Arrays.toString(Arrays.copyOf(groups, groupCount)));
        }
        return sb.append('}').toString();
    }
}
