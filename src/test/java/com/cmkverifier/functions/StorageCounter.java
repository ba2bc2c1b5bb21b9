package com.cmkverifier.functions;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the bench: a pass-through between the app's storage clients and Azurite that counts the transactions by
 * service, table and kind (Azurite counts nothing). Bytes go through unchanged; the client's side is read as
 * HTTP/1.1 only to find each request's line, Content-Length and body (whose first bytes name the table of a
 * batch).
 */
final class StorageCounter implements AutoCloseable {

    private static final Pattern BATCH_TABLE = Pattern.compile("/devstoreaccount1/([A-Za-z][A-Za-z0-9]*)[( ]");

    private final String tablePrefix;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final ServerSocket tables;
    private final ServerSocket queues;

    StorageCounter(String tablePrefix, int tablePort, int queuePort) throws IOException {
        this.tablePrefix = tablePrefix;
        this.tables = listen("Table", tablePort);
        this.queues = listen("Queue", queuePort);
    }

    /** Azurite's development account, reached through this counter. */
    String connection() {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                + "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + "TableEndpoint=http://127.0.0.1:" + tables.getLocalPort() + "/devstoreaccount1;"
                + "QueueEndpoint=http://127.0.0.1:" + queues.getLocalPort() + "/devstoreaccount1;";
    }

    /** Transactions so far, "Table quota point-read" and the like. */
    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Starts counting afresh. */
    void reset() {
        counts.clear();
    }

    long total(String service) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(service)).mapToLong(e -> e.getValue().sum())
                .sum();
    }

    private ServerSocket listen(String service, int targetPort) throws IOException {
        ServerSocket s = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    client.setTcpNoDelay(true);
                    target.setTcpNoDelay(true);
                    InputStream fromTarget = target.getInputStream();
                    OutputStream toClient = client.getOutputStream();
                    InputStream fromClient = client.getInputStream();
                    OutputStream toTarget = target.getOutputStream();
                    daemon(() -> pipe(fromTarget, toClient, client, target));
                    daemon(() -> requests(service, fromClient, toTarget, client, target));
                } catch (IOException e) {
                    return;
                }
            }
        }, "storage-counter-" + service);
        t.setDaemon(true);
        t.start();
        return s;
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
    }

    private static void pipe(InputStream in, OutputStream out, Socket a, Socket b) {
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // either side closed
        } finally {
            close(a, b);
        }
    }

    /** Forwards the client's requests one by one, counting each. */
    private void requests(String service, InputStream raw, OutputStream rawOut, Socket a, Socket b) {
        BufferedInputStream in = new BufferedInputStream(raw, 65536);
        OutputStream out = new BufferedOutputStream(rawOut, 65536);
        try {
            while (true) {
                String requestLine = line(in, out);
                if (requestLine == null) {
                    return;
                }
                long length = 0;
                boolean chunked = false;
                for (String h; !(h = line(in, out)).isEmpty(); ) {
                    String lower = h.toLowerCase();
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(h.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                if (chunked) {
                    for (long size; (size = Long.parseLong(line(in, out).split(";")[0].trim(), 16)) > 0; ) {
                        copy(in, out, size, head);
                        line(in, out);
                    }
                    line(in, out);
                } else {
                    copy(in, out, length, head);
                }
                out.flush();
                count(service, requestLine, head.toString(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException | RuntimeException ignored) {
            // either side closed
        } finally {
            close(a, b);
        }
    }

    private void count(String service, String requestLine, String bodyStart) {
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String path = parts.length > 1 ? parts[1] : "";
        String kind;
        if (service.equals("Table")) {
            String rest = path.replaceFirst("^/devstoreaccount1/", "");
            String name = rest.replaceFirst("[(?].*", "");
            if (name.equals("$batch")) {
                Matcher m = BATCH_TABLE.matcher(bodyStart);
                name = m.find() ? m.group(1) : "?";
                kind = "batch";
            } else if (name.equalsIgnoreCase("Tables")) {
                kind = "table " + method;
            } else if (method.equals("GET")) {
                kind = rest.contains("(PartitionKey=") || rest.contains("(PartitionKey%3D") ? "point-read" : "query";
            } else if (method.equals("POST")) {
                kind = "insert";
            } else if (method.equals("PUT") || method.equals("MERGE") || method.equals("PATCH")) {
                kind = "update";
            } else {
                kind = method.toLowerCase();
            }
            String table = name.regionMatches(true, 0, tablePrefix, 0, tablePrefix.length())
                    ? name.substring(tablePrefix.length()) : name;
            kind = table + " " + kind;
        } else {
            String rest = path.replaceFirst("^/devstoreaccount1/[^/?]*", "");
            kind = rest.startsWith("/messages") ? "messages " + method.toLowerCase() : "queue " + method.toLowerCase()
                    + (rest.contains("comp=metadata") ? " metadata" : "");
        }
        counts.computeIfAbsent(service + " " + kind, k -> new LongAdder()).increment();
    }

    /** Reads one CRLF-ended line, forwarding its bytes; null at the end of the stream before any byte. */
    private static String line(InputStream in, OutputStream out) throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = in.read()) >= 0) {
            any = true;
            out.write(c);
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        if (!any) {
            return null;
        }
        if (c < 0) {
            throw new IOException("cut short");
        }
        return s.toString();
    }

    private static void copy(InputStream in, OutputStream out, long n, ByteArrayOutputStream head) throws IOException {
        byte[] buf = new byte[65536];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("cut short");
            }
            out.write(buf, 0, r);
            if (head.size() < 4096) {
                head.write(buf, 0, Math.min(r, 4096 - head.size()));
            }
            n -= r;
        }
    }

    private static void close(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // closing
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        tables.close();
        queues.close();
    }
}
