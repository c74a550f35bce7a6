using Fleet.Central.Common;

namespace Fleet.Central.Assignments;

/// <summary>Fires when the set of live aggregation servers changes (register, drain, silence).</summary>
public sealed class AssignmentChanges(TimeProvider time) : ChangeNotifier(time);
