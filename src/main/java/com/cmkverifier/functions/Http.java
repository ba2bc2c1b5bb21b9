package com.cmkverifier.functions;

import com.azure.core.exception.HttpResponseException;
import com.cmkverifier.application.BadSetting;
import com.cmkverifier.application.InvalidRequest;
import com.cmkverifier.application.NotFound;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;

import java.io.IOException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * The edge of every HTTP function: runs the call, turns its {@link ApiResponse} into the Functions response,
 * and answers any fault with a problem, never a stack trace. Faults are logged without secrets.
 */
final class Http {

    /** Connection-string keys, SAS signatures and bearer tokens that an SDK message might quote. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(AccountKey=|SharedAccessSignature=|sig=|Bearer\\s+)[^;&\\s\"']+");
    private static final long STORAGE_RETRY_AFTER = 30;

    private Http() {
    }

    /**
     * Admits the caller if it holds one of {@code anyOf} (see {@link Access}), then runs the call with it;
     * nothing of the call runs for a caller that is refused.
     */
    static HttpResponseMessage answer(HttpRequestMessage<?> request, ExecutionContext context,
                                      Supplier<AppContext> app, Set<Role> anyOf, Function<Caller, ApiResponse> call) {
        return toResponse(request, respond(context,
                () -> call.apply(app.get().access().admit(request, anyOf, context))));
    }

    static ApiResponse respond(ExecutionContext context, Supplier<ApiResponse> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            return e.response();
        } catch (InvalidRequest e) {
            return Problem.invalid(e.errors()).response();
        } catch (NotFound e) {
            return Problem.notFound(e.getMessage()).response();
        } catch (BadSetting e) {
            log(context, e);
            return Problem.misconfigured(e.getMessage());
        } catch (HttpResponseException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
            log(context, e);
            return status == 429 || status == 503 ? Problem.throttled(status, STORAGE_RETRY_AFTER) : Problem.internal();
        } catch (RuntimeException e) {
            log(context, e);
            // HTTP calls touch only Table and Queue storage: an I/O failure means storage cannot be reached for now.
            return causedByIo(e) ? Problem.throttled(503, STORAGE_RETRY_AFTER) : Problem.internal();
        }
    }

    private static boolean causedByIo(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static void log(ExecutionContext context, RuntimeException e) {
        String message = e.getMessage() == null ? "" : SECRET.matcher(e.getMessage()).replaceAll("$1***");
        context.getLogger().log(Level.SEVERE, context.getFunctionName() + " failed: " + e.getClass().getName()
                + ": " + message);
    }

    private static HttpResponseMessage toResponse(HttpRequestMessage<?> request, ApiResponse r) {
        HttpResponseMessage.Builder b = request.createResponseBuilder(HttpStatus.valueOf(r.status()));
        r.headers().forEach(b::header);
        JsonNode body = r.body();
        if (body != null) {
            b.body(body.toString());
        }
        return b.build();
    }
}
