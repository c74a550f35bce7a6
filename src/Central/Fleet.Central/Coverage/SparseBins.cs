namespace Fleet.Central.Coverage;

/// <summary>A histogram as stored: the indices of its non-empty bins, ascending, and their counts. A cell
/// sees a few dozen distinct values in a pass, not the 570 bins of its three layouts: stored sparse a new
/// cell is a few hundred bytes, small enough to stay inline in its row (dense, it was TOASTed and compressed
/// on every write).</summary>
public readonly record struct SparseBins(short[] Bins, long[] Counts)
{
    public static SparseBins Of(long[] dense)
    {
        var n = 0;
        foreach (var c in dense)
            n += c != 0 ? 1 : 0;
        var bins = new short[n];
        var counts = new long[n];
        for (int i = 0, k = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
                (bins[k], counts[k++]) = ((short)i, dense[i]);
        }
        return new SparseBins(bins, counts);
    }

    /// <summary>Adds the counts into <paramref name="dense"/>; a bin the layout does not have is refused.</summary>
    public void AddTo(long[] dense)
    {
        if (Bins.Length != Counts.Length)
            throw new InvalidOperationException($"Stored coverage histogram has {Bins.Length} bins but {Counts.Length} counts.");
        for (var k = 0; k < Bins.Length; k++)
        {
            if (Bins[k] < 0 || Bins[k] >= dense.Length)
                throw new InvalidOperationException(
                    $"Stored coverage histogram has bin {Bins[k]}, this version has {dense.Length}: a bin layout change needs a migration converting coverage_cells.");
            dense[Bins[k]] += Counts[k];
        }
    }
}
