package io.cairnmq.jms.xa;

import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A transaction manager's {@link Xid} by value (theirs need not implement {@code equals}), and
 * the engine transaction id it becomes: {@code xa:FORMAT:GTRID:BQUAL} in hexadecimal, so that
 * {@code recover} can turn the cluster's prepared transactions back into branch ids.
 */
public record BranchId(int formatId, byte[] globalTransactionId, byte[] branchQualifier) implements Xid {

    private static final String PREFIX = "xa:";
    private static final HexFormat HEX = HexFormat.of();

    public BranchId {
        globalTransactionId = globalTransactionId.clone();
        branchQualifier = branchQualifier.clone();
    }

    /**
     * @throws XAException XAER_INVAL for a null id or one whose parts exceed the sizes XA allows
     *                     ({@link Xid#MAXGTRIDSIZE}, {@link Xid#MAXBQUALSIZE})
     */
    public static BranchId of(Xid xid) throws XAException {
        if (xid == null || xid.getGlobalTransactionId() == null || xid.getBranchQualifier() == null) {
            throw XaErrors.error(XAException.XAER_INVAL, "The Xid is null or has a null part: " + xid);
        }
        if (xid instanceof BranchId id) {
            return id;
        }
        byte[] global = xid.getGlobalTransactionId();
        byte[] branch = xid.getBranchQualifier();
        if (global.length > MAXGTRIDSIZE || branch.length > MAXBQUALSIZE) {
            throw XaErrors.error(XAException.XAER_INVAL, "The Xid's global transaction id has " + global.length
                    + " bytes and its branch qualifier " + branch.length + "; XA allows at most " + MAXGTRIDSIZE
                    + " and " + MAXBQUALSIZE);
        }
        return new BranchId(xid.getFormatId(), global, branch);
    }

    /** The branch of an engine transaction id that {@link #transactionId()} made; null for any other id. */
    public static BranchId parse(String transactionId) {
        if (!transactionId.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = transactionId.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            return new BranchId(Integer.parseInt(parts[0]), HEX.parseHex(parts[1]), HEX.parseHex(parts[2]));
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    /** The id the engine keeps the branch's prepared transaction under. */
    public String transactionId() {
        return PREFIX + formatId + ":" + HEX.formatHex(globalTransactionId) + ":" + HEX.formatHex(branchQualifier);
    }

    @Override
    public int getFormatId() {
        return formatId;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return globalTransactionId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return branchQualifier.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BranchId id && id.formatId == formatId
                && Arrays.equals(id.globalTransactionId, globalTransactionId)
                && Arrays.equals(id.branchQualifier, branchQualifier);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(globalTransactionId)) + Arrays.hashCode(branchQualifier);
    }

    @Override
    public String toString() {
        return transactionId();
    }
}
