package dev.wgroam.local.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.wgroam.local.DynamoDbLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The poller against DynamoDB Local's stream: batches, partial-batch retries, giving up on a poisoned record. */
class StreamPollerTest {

    final DynamoDbLocal dynamo = DynamoDbLocal.shared();
    final String table = dynamo.createTable("poller").tableName();
    final String streamArn = dynamo.dynamoDb().describeTable(r -> r.tableName(table)).table().latestStreamArn();
    final List<String> log = new ArrayList<>();

    private void put(DynamoDbClient db, int n) {
        db.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("p" + n),
                "sk", AttributeValue.fromS("s"), "kind", AttributeValue.fromS("test"))));
    }

    private static String key(Record r) {
        return r.dynamodb().keys().get("pk").s();
    }

    private StreamPoller poller(Function<List<Record>, StreamsEventResponse> handler) {
        return new StreamPoller(dynamo.streams(), streamArn, handler, log::add);
    }

    @Test
    void aFailedRecord_isRetriedWithWhatFollowsIt_inOrder() {
        for (int n = 1; n <= 3; n++) {
            put(dynamo.dynamoDb(), n);
        }
        List<List<String>> deliveries = new ArrayList<>();
        int[] failuresLeft = {1};
        StreamPoller poller = poller(batch -> {
            deliveries.add(batch.stream().map(StreamPollerTest::key).toList());
            StreamsEventResponse response = new StreamsEventResponse(new ArrayList<>());
            if (failuresLeft[0]-- > 0) {
                response.getBatchItemFailures().add(new StreamsEventResponse.BatchItemFailure(
                        batch.get(1).dynamodb().sequenceNumber()));
            }
            return response;
        });

        poller.pollOnce();
        poller.pollOnce();

        assertEquals(List.of(List.of("p1", "p2", "p3"), List.of("p2", "p3")), deliveries);
    }

    @Test
    void aRecordThatKeepsFailing_isSkippedAfterTheRetries_andTheShardMovesOn() {
        put(dynamo.dynamoDb(), 1);
        put(dynamo.dynamoDb(), 2);
        List<String> firstKeys = new ArrayList<>();
        StreamPoller poller = poller(batch -> {
            firstKeys.add(key(batch.get(0)));
            StreamsEventResponse response = new StreamsEventResponse(new ArrayList<>());
            if (key(batch.get(0)).equals("p1")) {
                response.getBatchItemFailures().add(new StreamsEventResponse.BatchItemFailure(
                        batch.get(0).dynamodb().sequenceNumber()));
            }
            return response;
        });

        for (int i = 0; i <= StreamPoller.MAX_RETRIES + 1; i++) {
            poller.pollOnce();
        }

        assertEquals(StreamPoller.MAX_RETRIES + 1, firstKeys.stream().filter("p1"::equals).count());
        assertEquals("p2", firstKeys.get(firstKeys.size() - 1));
        assertTrue(log.stream().anyMatch(l -> l.contains("skipped")), log.toString());
    }
}
