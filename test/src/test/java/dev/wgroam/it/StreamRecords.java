package dev.wgroam.it;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Reads what a table's stream holds now, the way a poller starts: every shard from TRIM_HORIZON. */
final class StreamRecords {

    /** A cap on GetRecords calls per shard, so a stream that never runs dry fails a test instead of hanging it. */
    private static final int MAX_READS_PER_SHARD = 100;

    private StreamRecords() {
    }

    /**
     * Every record of every shard, shards in the order DescribeStream lists them, records in
     * sequence order. An open shard never ends, so a shard is read until a GetRecords comes back
     * empty; DynamoDB Local shows a write in the stream as soon as it is acknowledged.
     */
    static List<Record> readAll(DynamoDbStreamsClient streams, String streamArn) {
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int read = 0; iterator != null && read < MAX_READS_PER_SHARD; read++) {
                String current = iterator;
                GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
                if (response.records().isEmpty()) {
                    break;
                }
                records.addAll(response.records());
                iterator = response.nextShardIterator();
            }
        }
        return records;
    }
}
