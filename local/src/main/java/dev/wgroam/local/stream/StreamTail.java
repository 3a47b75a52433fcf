package dev.wgroam.local.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Reads a table's stream from where it last stopped, every shard, as the event source mapping polls it. */
public final class StreamTail {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new HashMap<>();
    private final Set<String> finished = new HashSet<>();

    public StreamTail(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    /** Every record written since the last call, shard by shard. */
    public List<Record> next() {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            String id = shard.shardId();
            if (finished.contains(id)) {
                continue;
            }
            String iterator = iterators.computeIfAbsent(id, s -> streams.getShardIterator(r -> r.streamArn(streamArn)
                    .shardId(s).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
            while (true) {
                String current = iterator;
                GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current));
                records.addAll(response.records());
                iterator = response.nextShardIterator();
                if (iterator == null) {
                    finished.add(id);
                    iterators.remove(id);
                    break;
                }
                iterators.put(id, iterator);
                if (response.records().isEmpty()) {
                    break;
                }
            }
        }
        return records;
    }
}
