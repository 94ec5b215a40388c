package dev.roundhouse.operator;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every request a client sent to the API, as {@code METHOD /path?query}, in order: installed on the
 * clients of the operators under test, so that a test can count what one pass costs.
 */
final class ApiRequests implements Interceptor {

  private final List<String> sent = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String query = request.uri().getRawQuery();
    sent.add(
        request.method() + " " + request.uri().getRawPath() + (query == null ? "" : "?" + query));
  }

  /** How many requests were sent so far. */
  int count() {
    return sent.size();
  }

  /** The requests sent after the first {@code count}. */
  List<String> since(int count) {
    return List.copyOf(sent.subList(count, sent.size()));
  }
}
