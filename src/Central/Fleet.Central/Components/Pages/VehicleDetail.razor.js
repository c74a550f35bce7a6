// Leaflet + uPlot interop for the vehicle page: the track with a replay marker, and one chart per metric with
// a series per carrier. Charts and map share one cursor: hovering a chart moves the marker to that moment on the
// track; hovering the track moves every chart's cursor to the moment the vehicle was there.
const pages = new WeakMap();
const palette = ['#0d6efd', '#d63384', '#198754', '#fd7e14', '#6f42c1', '#20c997'];
const metrics = [
    { key: 'throughputMbps', title: 'Throughput', unit: 'Mbit/s' },
    { key: 'rttMs', title: 'Round-trip time', unit: 'ms' },
    { key: 'lossPercent', title: 'Loss', unit: '%' },
    { key: 'signalDbm', title: 'Signal (RSRP)', unit: 'dBm' },
    { key: 'weightPercent', title: 'Scheduler weight', unit: '%' },
];

export function init(mapElement, chartsElement, options) {
    if (pages.has(mapElement)) {
        return;
    }
    const map = L.map(mapElement, { attributionControl: Boolean(options.tileUrl), minZoom: 2, maxZoom: 19 });
    if (options.tileUrl) {
        L.tileLayer(options.tileUrl, { attribution: options.tileAttribution || '', maxZoom: 19 }).addTo(map);
    } else {
        mapElement.classList.add('fleet-map-blank');
    }
    map.setView([options.latitude, options.longitude], options.zoom);
    const state = {
        map, chartsElement, track: null, line: null, ends: L.layerGroup().addTo(map), cursor: null, charts: [],
        replay: { playing: false, speed: 10, t: null, frame: 0, last: 0 }, syncing: false,
        footer: mapElement.parentElement.querySelector('[data-testid="replay-time"]'),
    };
    state.cursor = L.marker([options.latitude, options.longitude], {
        icon: L.divIcon({ className: 'fleet-replay-marker', html: '<span class="fleet-replay-dot"></span>', iconSize: [18, 18], iconAnchor: [9, 9] }),
        interactive: false, zIndexOffset: 1000,
    });
    state.resize = new ResizeObserver(() => sizeCharts(state));
    state.resize.observe(chartsElement);
    pages.set(mapElement, state);
}

export function show(mapElement, track, series) {
    const state = pages.get(mapElement);
    if (!state) {
        return;
    }
    pause(mapElement);
    state.track = track;
    state.replay.t = null;
    if (state.line) {
        state.line.remove();
    }
    state.ends.clearLayers();
    const points = track.times.map((_, i) => [track.latitudes[i], track.longitudes[i]]);
    if (points.length > 0) {
        state.line = L.polyline(points, { color: '#0d6efd', weight: 4, opacity: 0.85 }).addTo(state.map);
        // A wide invisible twin catches the mouse near the line, not only exactly on its 4 px.
        const hit = L.polyline(points, { color: '#000', weight: 18, opacity: 0 }).addTo(state.ends);
        hit.on('mousemove', e => hoverTrack(state, e.latlng));
        state.ends.addLayer(endMarker(points[0], '#198754', 'Start'));
        state.ends.addLayer(endMarker(points[points.length - 1], '#dc3545', 'End'));
        state.map.fitBounds(state.line.getBounds().pad(0.15), { maxZoom: 16, animate: false });
        state.cursor.setLatLng(points[points.length - 1]).addTo(state.map);
    } else {
        state.line = null;
        state.cursor.remove();
    }
    drawCharts(state, series);
}

export function play(mapElement, speed) {
    const state = pages.get(mapElement);
    if (!state || !state.track || state.track.times.length < 2) {
        return;
    }
    const times = state.track.times;
    state.replay.speed = speed;
    if (state.replay.t == null || state.replay.t >= times[times.length - 1]) {
        state.replay.t = times[0];
    }
    if (state.replay.playing) {
        return;
    }
    state.replay.playing = true;
    state.replay.last = performance.now();
    const step = now => {
        if (!state.replay.playing) {
            return;
        }
        state.replay.t += (now - state.replay.last) / 1000 * state.replay.speed;
        state.replay.last = now;
        const end = times[times.length - 1];
        if (state.replay.t >= end) {
            state.replay.t = end;
            state.replay.playing = false;
        }
        moveTo(state, state.replay.t, true);
        if (state.replay.playing) {
            state.replay.frame = requestAnimationFrame(step);
        }
    };
    state.replay.frame = requestAnimationFrame(step);
}

export function pause(mapElement) {
    const state = pages.get(mapElement);
    if (state) {
        state.replay.playing = false;
        cancelAnimationFrame(state.replay.frame);
    }
}

export function setSpeed(mapElement, speed) {
    const state = pages.get(mapElement);
    if (state) {
        state.replay.speed = speed;
    }
}

export function dispose(mapElement) {
    const state = pages.get(mapElement);
    if (state) {
        pause(mapElement);
        state.resize.disconnect();
        state.charts.forEach(c => c.destroy());
        state.map.remove();
        pages.delete(mapElement);
    }
}

// Moves the marker to time t (interpolated between fixes); when asked, moves the charts' cursors too.
function moveTo(state, t, moveCharts) {
    const position = positionAt(state.track, t);
    if (!position) {
        return;
    }
    state.cursor.setLatLng(position).addTo(state.map);
    if (state.footer) {
        state.footer.textContent = new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
    }
    state.map.getContainer().dataset.cursorTime = String(Math.round(t));
    if (moveCharts) {
        setChartCursors(state, t);
    }
}

function positionAt(track, t) {
    const times = track.times;
    if (times.length === 0) {
        return null;
    }
    if (t <= times[0]) {
        return [track.latitudes[0], track.longitudes[0]];
    }
    const last = times.length - 1;
    if (t >= times[last]) {
        return [track.latitudes[last], track.longitudes[last]];
    }
    let lo = 0, hi = last;
    while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (times[mid] <= t) lo = mid; else hi = mid;
    }
    const f = (t - times[lo]) / (times[hi] - times[lo] || 1);
    return [track.latitudes[lo] + f * (track.latitudes[hi] - track.latitudes[lo]),
        track.longitudes[lo] + f * (track.longitudes[hi] - track.longitudes[lo])];
}

// The nearest fix to the mouse (in screen pixels) gives the moment to show on the charts.
function hoverTrack(state, latlng) {
    const track = state.track;
    if (!track || track.times.length === 0 || state.replay.playing) {
        return;
    }
    const mouse = state.map.latLngToLayerPoint(latlng);
    let best = 0, bestDistance = Infinity;
    for (let i = 0; i < track.times.length; i++) {
        const d = mouse.distanceTo(state.map.latLngToLayerPoint([track.latitudes[i], track.longitudes[i]]));
        if (d < bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    moveTo(state, track.times[best], true);
}

function setChartCursors(state, t) {
    // The moment the charts point at, for tests and for anyone reading the DOM.
    state.chartsElement.dataset.cursorTime = String(Math.round(t));
    state.syncing = true;
    try {
        for (const chart of state.charts) {
            const left = chart.valToPos(t, 'x');
            if (Number.isFinite(left)) {
                chart.setCursor({ left, top: chart.bbox.height / devicePixelRatio / 2 });
            }
        }
    } finally {
        state.syncing = false;
    }
}

function drawCharts(state, series) {
    state.charts.forEach(c => c.destroy());
    state.charts = [];
    const host = state.chartsElement;
    host.replaceChildren();
    if (series.times.length === 0) {
        return;
    }
    const sync = uPlot.sync('vehicle-' + Math.random().toString(36).slice(2));
    for (const metric of metrics) {
        const box = document.createElement('div');
        box.className = 'fleet-chart';
        box.dataset.metric = metric.key;
        box.dataset.points = String(series.times.length);
        host.appendChild(box);
        const data = [series.times, ...series.links.map(l => l[metric.key])];
        const chart = new uPlot({
            title: `${metric.title} (${metric.unit})`,
            width: chartWidth(host),
            height: 190,
            cursor: { sync: { key: sync.key }, drag: { x: false, y: false } },
            scales: { x: { time: true } },
            series: [
                {},
                ...series.links.map((l, i) => ({
                    label: l.operator ? `${l.link} · ${l.operator}` : l.link,
                    stroke: palette[i % palette.length],
                    width: 1.5,
                    spanGaps: false,
                    value: (u, v) => v == null ? '—' : `${v.toFixed(metric.key === 'lossPercent' ? 2 : 1)}`,
                })),
            ],
            axes: [{ stroke: '#6c757d' }, { stroke: '#6c757d', size: 55 }],
            hooks: {
                setCursor: [u => {
                    const i = u.cursor.idx;
                    if (state.syncing || i == null || state.replay.playing || !state.track) {
                        return;
                    }
                    moveTo(state, u.data[0][i], false);
                }],
            },
        }, data, box);
        state.charts.push(chart);
    }
}

function chartWidth(host) {
    // Two charts per row on wide screens, one on narrow ones.
    const width = host.clientWidth || 800;
    return width >= 1000 ? Math.floor(width / 2) - 12 : width - 4;
}

function sizeCharts(state) {
    const width = chartWidth(state.chartsElement);
    for (const chart of state.charts) {
        if (chart.width !== width) {
            chart.setSize({ width, height: 190 });
        }
    }
}

// Not interactive: markers sit above the track, and on a short track they would cover the track's hover twin.
function endMarker(position, colour, title) {
    return L.marker(position, {
        title, interactive: false,
        icon: L.divIcon({ className: 'fleet-track-end', html: `<span style="background:${colour}"></span>`, iconSize: [12, 12], iconAnchor: [6, 6] }),
    });
}
