"""gRPC client (Debian python3-grpcio) that exercises fleet.test.TestService on a server under test.

Usage: interop_client.py --target 127.0.0.1:PORT [--ca PEM]
Prints one JSON object per case: {"case", "code", "details", "result", "trailers"}; the C# test asserts them.
"""
import argparse
import json
import sys

import grpc

import testmessage

SERVICE = "/fleet.test.TestService/"
CODEC = dict(request_serializer=testmessage.encode, response_deserializer=testmessage.decode)


def report(case, code="OK", details="", result=None, trailers=None):
    print(json.dumps({"case": case, "code": code, "details": details, "result": result,
                      "trailers": trailers or {}}), flush=True)


def run(case, action):
    try:
        result, trailers = action()
        report(case, result=result, trailers=trailers)
    except grpc.RpcError as error:
        trailers = {k: (v.hex() if isinstance(v, bytes) else v) for k, v in (error.trailing_metadata() or ())}
        report(case, error.code().name, error.details() or "", trailers=trailers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--ca")
    args = parser.parse_args()

    if args.ca:
        with open(args.ca, "rb") as ca:
            credentials = grpc.ssl_channel_credentials(root_certificates=ca.read())
        channel = grpc.secure_channel(args.target, credentials,
                                      options=(("grpc.ssl_target_name_override", "localhost"),))
    else:
        channel = grpc.insecure_channel(args.target)

    echo = channel.unary_unary(SERVICE + "Echo", **CODEC)
    collect = channel.stream_unary(SERVICE + "Collect", **CODEC)
    repeat = channel.unary_stream(SERVICE + "Repeat", **CODEC)
    chat = channel.stream_stream(SERVICE + "Chat", **CODEC)
    nope = channel.unary_unary(SERVICE + "Nope", **CODEC)

    def unary():
        reply, call = echo.with_call("hello \u00fcber", timeout=10)
        return reply, {}

    def metadata():
        reply, call = echo.with_call("headers", timeout=10,
                                     metadata=(("x-a", "va"), ("x-b-bin", b"\x00\x01\xff")))
        return reply, {k: v for k, v in call.initial_metadata() if k == "x-resp"}

    def client_stream():
        return collect(iter(["a", "b", "c"]), timeout=10), {}

    def server_stream():
        return list(repeat("repeat:3:r", timeout=10)), {}

    def bidi():
        return list(chat(iter(["x", "y", "z"]), timeout=10)), {}

    def error():
        return echo("fail:3:bad \u00fcnicode 100%", timeout=10), {}

    def deadline():
        return echo("sleep:5000", timeout=0.3), {}

    def unimplemented():
        return nope("x", timeout=10), {}

    def gzip():
        return echo("zipped " * 50, timeout=10, compression=grpc.Compression.Gzip), {}

    for case, action in (("unary", unary), ("metadata", metadata), ("client_stream", client_stream),
                         ("server_stream", server_stream), ("bidi", bidi), ("error", error),
                         ("deadline", deadline), ("unimplemented", unimplemented), ("gzip", gzip)):
        run(case, action)
    channel.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
