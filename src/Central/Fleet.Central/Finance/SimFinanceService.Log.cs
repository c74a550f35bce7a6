using Fleet.Central.Finance.Data;

namespace Fleet.Central.Finance;

public sealed partial class SimFinanceService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SIM {Iccid} registered ({Carrier}, {Billing})")]
    private static partial void LogSimCreated(ILogger logger, string iccid, string carrier, SimBilling billing);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIM {Iccid} topped up by {Bytes} bytes, recorded by {User}")]
    private static partial void LogTopUp(ILogger logger, string iccid, long bytes, string user);
}
