using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Telemetry;

public sealed partial class TelemetrySamplers
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "GPS source failed ({Reason}); restarting in {Delay}")]
        public static partial void GpsFailed(ILogger logger, string reason, TimeSpan delay);

        [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "{Sampler} sampling failed: {Reason}")]
        public static partial void SampleFailed(ILogger logger, string sampler, string reason);
    }
}
