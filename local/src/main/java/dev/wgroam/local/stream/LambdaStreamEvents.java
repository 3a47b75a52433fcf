package dev.wgroam.local.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.wgroam.text.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Turns stream records read from DynamoDB Local into the Lambda event the event source mapping
 * would deliver: its JSON (DynamoDB JSON images), read back by the Lambda runtime's own deserializer.
 */
public final class LambdaStreamEvents {

    private static final PojoSerializer<DynamodbEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaStreamEvents.class.getClassLoader());

    private LambdaStreamEvents() {
    }

    public static DynamodbEvent event(List<Record> records, String streamArn) {
        return SERIALIZER.fromJson(new ByteArrayInputStream(json(records, streamArn).getBytes(StandardCharsets.UTF_8)));
    }

    public static String json(List<Record> records, String streamArn) {
        return Json.write(Map.of("Records", records.stream().map(r -> record(r, streamArn)).toList()));
    }

    private static Map<String, Object> record(Record r, String streamArn) {
        Map<String, Object> dynamodb = new LinkedHashMap<>();
        var s = r.dynamodb();
        dynamodb.put("ApproximateCreationDateTime", s.approximateCreationDateTime().getEpochSecond());
        dynamodb.put("Keys", image(s.keys()));
        if (s.hasNewImage()) {
            dynamodb.put("NewImage", image(s.newImage()));
        }
        if (s.hasOldImage()) {
            dynamodb.put("OldImage", image(s.oldImage()));
        }
        dynamodb.put("SequenceNumber", s.sequenceNumber());
        dynamodb.put("SizeBytes", s.sizeBytes());
        dynamodb.put("StreamViewType", s.streamViewTypeAsString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventID", r.eventID());
        out.put("eventName", r.eventNameAsString());
        out.put("eventVersion", r.eventVersion());
        out.put("eventSource", r.eventSource());
        out.put("awsRegion", r.awsRegion());
        out.put("dynamodb", dynamodb);
        out.put("eventSourceARN", streamArn);
        return out;
    }

    private static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    private static Map<String, Object> value(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case BOOL -> Map.of("BOOL", v.bool());
            case NUL -> Map.of("NULL", true);
            case L -> Map.of("L", v.l().stream().map(LambdaStreamEvents::value).toList());
            case M -> Map.of("M", image(v.m()));
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case B -> Map.of("B", java.util.Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BS -> Map.of("BS", v.bs().stream().map(b -> java.util.Base64.getEncoder().encodeToString(b.asByteArray())).toList());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("unknown attribute type in " + v);
        };
    }
}
