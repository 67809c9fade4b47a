package io.tapflow.l7;

import java.util.Locale;

/**
 * Why a payload could not be (fully) used. Every occurrence is counted per engine instance
 * ({@link L7Engine#anomalies()}); none of them ever throws out of the engine.
 */
public enum L7Anomaly {
    /** A flow's first payload packets matched no parser: the flow stays L4-only (l7_protocol 1). */
    UNRECOGNISED_FLOW,
    /** A message header continued past the payload prefix the agent kept; the visible part was used. */
    HEADER_CUT_BY_PREFIX,
    /** A message started where the agent kept no payload bytes: it could not be parsed at all. */
    MESSAGE_NOT_VISIBLE,
    /** A header block grew beyond the reassembly limit ({@link L7Config#maxHeaderBytes()}). */
    HEADER_TOO_LARGE,
    /** Segments were missing (capture loss or reordering) where a message boundary was expected. */
    LOST_SEGMENTS,
    /** An HTTP/1 message did not start with a valid request or status line where one was expected. */
    HTTP_BAD_START_LINE,
    /** An HTTP/1 Content-Length that is not a number, or two that disagree. */
    HTTP_BAD_CONTENT_LENGTH,
    /** An HTTP/1 chunked body with an unreadable chunk-size line. */
    HTTP_BAD_CHUNK,
    /** An HTTP/2 frame that breaks the framing rules (bad CONTINUATION, impossible length). */
    HTTP2_BAD_FRAME,
    /** An HPACK header block that does not decode (bad integer, string, index or Huffman code). */
    HPACK_BAD_BLOCK,
    /** A header referenced an HPACK dynamic-table entry this engine could not know (its insertion was not seen). */
    HPACK_DESYNC,
    /** A DNS-over-TCP length prefix below the 12-byte header size. */
    DNS_BAD_LENGTH,
    /** A DNS message that is cut or inconsistent (counts, labels, record lengths). */
    DNS_BAD_MESSAGE,
    /** A DNS name whose compression pointers loop or point forward. */
    DNS_COMPRESSION_LOOP,
    /** A response with no matching request in flight (capture began mid-exchange, or the request was lost). */
    UNPAIRED_RESPONSE,
    /** A request pushed out of the full in-flight buffer (it counts as a timeout, part-3 §3.6). */
    IN_FLIGHT_OVERFLOW,
    /** A parser failed on input it should have rejected; the flow's parsing was reset (a bug guard). */
    PARSER_FAILURE;

    /** The metric name: lower case with underscores. */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
