"""gRPC server (Debian python3-grpcio) implementing fleet.test.TestService for interop tests.

Usage: interop_server.py [--cert PEM --key PEM]
Prints "PORT <n>" once listening on 127.0.0.1; exits when stdin closes.
"""
import argparse
import sys
import time
from concurrent import futures

import grpc

import testmessage

SERVICE = "fleet.test.TestService"


def status_code(number):
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code
    return grpc.StatusCode.UNKNOWN


def fail_if_asked(text, context):
    if text.startswith("fail:"):
        _, code, detail = text.split(":", 2)
        context.set_trailing_metadata((("x-trailer", "python"),))
        context.abort(status_code(int(code)), detail)


def echo(text, context):
    fail_if_asked(text, context)
    if text.startswith("sleep:"):
        end = time.monotonic() + int(text.split(":", 1)[1]) / 1000.0
        while time.monotonic() < end and context.is_active():
            time.sleep(0.01)
        return "slept"
    if text == "headers":
        metadata = dict(context.invocation_metadata())
        binary = metadata.get("x-b-bin", b"")
        return "x-a=%s;x-b-bin=%s" % (metadata.get("x-a", ""), binary.hex())
    if text.startswith("big:"):
        return "x" * int(text.split(":", 1)[1])
    return text


def collect(request_iterator, context):
    texts = []
    for text in request_iterator:
        fail_if_asked(text, context)
        texts.append(text)
    return ",".join(texts)


def repeat(text, context):
    fail_if_asked(text, context)
    _, count, body = text.split(":", 2)
    for i in range(int(count)):
        yield "%s-%d" % (body, i)


def chat(request_iterator, context):
    for text in request_iterator:
        fail_if_asked(text, context)
        yield "echo:" + text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()

    codec = dict(request_deserializer=testmessage.decode, response_serializer=testmessage.encode)
    handler = grpc.method_handlers_generic_handler(SERVICE, {
        "Echo": grpc.unary_unary_rpc_method_handler(echo, **codec),
        "Collect": grpc.stream_unary_rpc_method_handler(collect, **codec),
        "Repeat": grpc.unary_stream_rpc_method_handler(repeat, **codec),
        "Chat": grpc.stream_stream_rpc_method_handler(chat, **codec),
    })
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((handler,))
    if args.cert:
        with open(args.key, "rb") as key, open(args.cert, "rb") as cert:
            credentials = grpc.ssl_server_credentials(((key.read(), cert.read()),))
        port = server.add_secure_port("127.0.0.1:0", credentials)
    else:
        port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("PORT %d" % port, flush=True)
    sys.stdin.read()  # the test closes stdin to stop the server
    server.stop(grace=0)


if __name__ == "__main__":
    main()
