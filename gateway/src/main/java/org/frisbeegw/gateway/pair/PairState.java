package org.frisbeegw.gateway.pair;

import java.io.IOException;
import org.frisbeegw.gateway.servers.ServerJournal;

/**
 * The state two gateways of a pair share: a numbered epoch that the active one takes when it
 * becomes active, and one server journal per epoch. A gateway writes only to its own epoch's
 * journal and only while its epoch is still the newest, so a former active that comes back (or
 * the loser of a split brain) cannot write over the new one's state: its lines are refused
 * ({@link FencedException}) and it steps down. Taking an epoch reads the newest earlier journal,
 * strictly, and starts the new one with what it says still runs.
 */
public interface PairState extends AutoCloseable {

    /** What taking an epoch gives: its number, the servers to resume and the upload temporaries to remove. */
    record Takeover(long epoch, ServerJournal.Leftovers leftovers) {
    }

    /** The newest epoch, who took it and whether its holder has given it up (stepped down). */
    record EpochView(long epoch, String holder, boolean released) {
        public static final EpochView NONE = new EpochView(0, "", true);
    }

    /** Takes the next epoch for {@code holder}; entries refused by {@code check} are logged and dropped. */
    Takeover take(String holder, ServerJournal.EntryCheck check) throws IOException;

    EpochView current() throws IOException;

    /** Marks {@code epoch} given up, if it is still the newest: the other gateway may take over at once. */
    void release(long epoch) throws IOException;

    /** Appends one journal line to {@code epoch}'s journal, durably, or throws FencedException. */
    void append(long epoch, String line) throws IOException;

    /** Where the state lives, for logs and the status page. */
    String describe();

    @Override
    void close() throws IOException;
}
