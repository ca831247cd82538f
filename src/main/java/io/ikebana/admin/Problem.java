package io.ikebana.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error answer as RFC 9457 problem details, sent as {@code application/problem+json}.
 * {@code type} is a URN of ours ({@code urn:ikebana:problem:<name>}) or {@code about:blank} when
 * the status says it all (RFC 9457 §4.2.1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:ikebana:problem:";

    /** A problem whose type is {@code about:blank} and whose title is the status phrase. */
    public static Problem of(int status, String detail) {
        return new Problem("about:blank", phrase(status), status, detail, null);
    }

    public static Problem typed(int status, String type, String title, String detail) {
        return new Problem(TYPE_PREFIX + type, title, status, detail, null);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path);
    }

    static String phrase(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 409: return "Conflict";
            case 413: return "Content Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Content";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return "Error";
        }
    }

    /** Thrown by handlers to answer with a problem. */
    public static final class Failure extends RuntimeException {
        private final Problem problem;

        public Failure(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public static Failure badRequest(String detail) {
        return new Failure(typed(400, "bad-request", "Bad Request", detail));
    }

    public static Failure notFound(String type, String title, String detail) {
        return new Failure(typed(404, type, title, detail));
    }
}
