using Fleet.Central.Common;

namespace Fleet.Central.Aggregators;

/// <summary>Fires when the set of enrolled devices (and so the tunnel keys servers accept) changes.</summary>
public sealed class DeviceSetChanges(TimeProvider time) : ChangeNotifier(time);
