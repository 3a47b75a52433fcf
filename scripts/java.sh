# Sourced by ./wg-roam and the bench scripts: sets $java to $JAVA or the first installed JDK >= 21.
java=${JAVA:-}
for jdk in /usr/lib/jvm/*; do
  [ -z "$java" ] && [ -x "$jdk/bin/java" ] && [ "$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p')" -ge 21 ] && java=$jdk/bin/java
done
[ -n "$java" ] || { echo "no JDK >= 21 under /usr/lib/jvm; set JAVA=/path/to/java" >&2; exit 1; }
