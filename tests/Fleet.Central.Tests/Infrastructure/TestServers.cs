using Fleet.Contracts.Aggregators;
using Fleet.Grpc;
using Google.Protobuf;

namespace Fleet.Central.Tests.Infrastructure;

/// <summary>Aggregation server registrations as a real server would send them.</summary>
public static class TestServers
{
    public static Metadata RegistrationCredentials(string key = CentralFixture.RegistrationKey) =>
        new() { { "authorization", $"Bearer {key}" } };

    public static RegisterServerRequest Registration(string name, uint capacity = 100) => new()
    {
        Name = name,
        Region = "eu-north",
        Endpoints = { $"{name}.example:51820" },
        PublicKey = ByteString.CopyFrom(new byte[] { 9, 9, 9 }),
        CapacitySessions = capacity,
        Version = "test",
    };
}
