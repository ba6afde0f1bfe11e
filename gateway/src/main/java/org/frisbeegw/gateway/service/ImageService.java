package org.frisbeegw.gateway.service;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.frisbeegw.wire.GetReply;
import org.frisbeegw.wire.GetRequest;
import org.frisbeegw.wire.Ipv4;
import org.frisbeegw.wire.MsError;
import org.frisbeegw.wire.PutReply;
import org.frisbeegw.wire.PutRequest;
import org.frisbeegw.wire.TransferMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master server's business: what to answer a GET or PUT from a caller. No I/O library types. */
public final class ImageService {
    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    private final GetHandler gets;
    private final PutHandler puts;
    private final AtomicLong realGets = new AtomicLong();
    private final AtomicLong statusGets = new AtomicLong();
    private final AtomicLong putRequests = new AtomicLong();

    private final RecentRequests recent = new RecentRequests(50);
    /** Replies since start by outcome (NONE, TRYAGAIN, NOACCESS, ...): counters that only grow. */
    private final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
    private final Clock clock = Clock.systemUTC();

    public ImageService(GetHandler gets, PutHandler puts) {
        this.gets = gets;
        this.puts = puts;
    }

    /** See {@link GetHandler#answersAtOnce}. */
    public boolean answersAtOnce(GetRequest request) {
        return gets.answersAtOnce(request);
    }

    /**
     * Answers a GET, whether it came over TCP or from a bridge in this process. One INFO line
     * each, with stable keys for grep: {@code request caller= op= image="" host= methods= outcome= why=""}.
     */
    public Answer<GetReply> get(GetRequest request, Caller caller) {
        (request.statusOnly() ? statusGets : realGets).incrementAndGet();
        Answer<GetReply> a = gets.handle(request, caller);
        String op = request.statusOnly() ? "STATUS" : "GET";
        String outcome = outcome(a.reply().error());
        log.info("request caller={} op={} image=\"{}\" host={} methods={} outcome={} why=\"{}\"", caller, op,
                request.imageId(), Ipv4.format(request.hostIp()), TransferMethods.format(request.methods()), outcome, a.why());
        remember(caller, op, request.imageId(), outcome, a.why());
        return a;
    }

    public Answer<PutReply> put(PutRequest request, Caller caller) {
        putRequests.incrementAndGet();
        Answer<PutReply> a = puts.handle(request, caller);
        String op = request.statusOnly() ? "PUTSTATUS" : "PUT";
        String outcome = outcome(a.reply().error());
        log.info("request caller={} op={} image=\"{}\" host={} size={} outcome={} why=\"{}\"", caller, op,
                request.imageId(), Ipv4.format(request.hostIp()), Long.toUnsignedString(request.size()), outcome, a.why());
        remember(caller, op, request.imageId(), outcome, a.why());
        return a;
    }

    private void remember(Caller caller, String op, String imageId, String outcome, String why) {
        outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
        recent.add(new RecentRequests.Entry(clock.instant(), caller.toString(), op, imageId, outcome, why));
    }

    /** The error's name as the spec spells it, e.g. TRYAGAIN. */
    private static String outcome(int error) {
        MsError e = MsError.of(error);
        return e == null ? "error " + error : e.name();
    }

    public List<RecentRequests.Entry> recentRequests() {
        return recent.snapshot();
    }

    /** Requests answered since start: real GETs, status GETs, PUTs. */
    public Counters counters() {
        Map<String, Long> byOutcome = new TreeMap<>();
        outcomes.forEach((k, v) -> byOutcome.put(k, v.sum()));
        return new Counters(realGets.get(), statusGets.get(), putRequests.get(), byOutcome);
    }

    /** Requests by kind, and replies by outcome, since start. */
    public record Counters(long gets, long statusGets, long puts, Map<String, Long> outcomes) {
        public Counters {
            outcomes = Map.copyOf(outcomes);
        }
    }
}
