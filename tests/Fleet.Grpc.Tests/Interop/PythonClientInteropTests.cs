using System.Text.Json;
using Fleet.Grpc.Tests.Infrastructure;

namespace Fleet.Grpc.Tests.Interop;

/// <summary>Debian's python3-grpcio client (interop_client.py) against our server, over h2c and TLS.</summary>
public sealed class PythonClientInteropTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PythonClient_AllCases_BehaveAsGrpcSpecifies(bool tls)
    {
        // The TLS variant also compresses responses, so python decodes our gzip frames too.
        await using var server = await GrpcTestServer.StartAsync(tls, tls ? o => o.ResponseCompression = "gzip" : null);
        string[] arguments = tls
            ? ["--target", $"127.0.0.1:{server.Port}", "--ca", TestCertificate.Shared.CertificatePemPath]
            : ["--target", $"127.0.0.1:{server.Port}"];

        await using var python = PythonProcess.Start("interop_client.py", arguments);
        var exitCode = await python.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"interop_client.py exited with {exitCode}: {python.Errors}");
        var results = python.Output
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("case").GetString()!);

        AssertOk(results["unary"], "hello \u00fcber");
        AssertOk(results["metadata"], "x-a=va;x-b-bin=0001ff");
        Assert.Equal("1", results["metadata"].GetProperty("trailers").GetProperty("x-resp").GetString());
        AssertOk(results["client_stream"], "a,b,c");
        AssertOkList(results["server_stream"], "r-0", "r-1", "r-2");
        AssertOkList(results["bidi"], "echo:x", "echo:y", "echo:z");

        var error = results["error"];
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("code").GetString());
        Assert.Equal("bad \u00fcnicode 100%", error.GetProperty("details").GetString());
        Assert.Equal("csharp", error.GetProperty("trailers").GetProperty("x-trailer").GetString());
        Assert.Equal("c3bc", error.GetProperty("trailers").GetProperty("x-trailer-bin").GetString());

        Assert.Equal("DEADLINE_EXCEEDED", results["deadline"].GetProperty("code").GetString());
        Assert.Equal("UNIMPLEMENTED", results["unimplemented"].GetProperty("code").GetString());
        AssertOk(results["gzip"], string.Concat(Enumerable.Repeat("zipped ", 50)));
        Assert.Equal("gzip", server.Service.LastRequestEncoding);
    }

    private static void AssertOk(JsonElement result, string expected)
    {
        Assert.True(result.GetProperty("code").GetString() == "OK", result.ToString());
        Assert.Equal(expected, result.GetProperty("result").GetString());
    }

    private static void AssertOkList(JsonElement result, params string[] expected)
    {
        Assert.True(result.GetProperty("code").GetString() == "OK", result.ToString());
        Assert.Equal(expected, result.GetProperty("result").EnumerateArray().Select(e => e.GetString()!));
    }
}
