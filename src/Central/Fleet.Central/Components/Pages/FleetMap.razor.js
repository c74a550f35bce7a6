// Leaflet interop for the fleet map. Leaflet and leaflet.markercluster are loaded as vendored globals
// (wwwroot/lib); this module keeps one map per container element.
const maps = new WeakMap();

export function init(element, options) {
    if (maps.has(element)) {
        return;
    }
    // maxZoom is set on the map itself: without a tile layer nothing else supplies it (clustering needs it).
    const map = L.map(element, { zoomControl: true, attributionControl: Boolean(options.tileUrl), minZoom: 2, maxZoom: 19 });
    if (options.tileUrl) {
        L.tileLayer(options.tileUrl, { attribution: options.tileAttribution || '', maxZoom: 19 }).addTo(map);
    } else {
        element.classList.add('fleet-map-blank');
    }
    map.setView([options.latitude, options.longitude], options.zoom);
    const state = {
        map,
        // Small fleets: every vehicle is its own marker element. Past the threshold, clusters keep thousands
        // of vehicles readable (at street zoom every vehicle is its own marker again).
        plain: L.featureGroup().addTo(map),
        // update() files markers into it a slice at a time (refileStep), so its own chunked loading stays off.
        clustered: L.markerClusterGroup
            ? L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 13, showCoverageOnHover: false, iconCreateFunction: clusterIcon })
            : L.layerGroup(),
        clusterThreshold: options.clusterThreshold,
        layer: null,
        markers: new Map(),
        interacted: false,
        fitting: false,
        search: '',
        // The vehicles as the server last described them (key -> vehicle), and what changed since the map
        // last caught up with them.
        vehicles: new Map(),
        dirty: new Set(),
        removed: new Set(),
        pendingSearch: '',
        receivedAt: 0,
        latest: false,
        // Clustered markers whose latest position is not filed yet (marker -> LatLng); see refileAfterPx.
        pending: new Map(),
        reconcile: false,
        job: null,
        scheduled: false,
        disposed: false,
    };
    state.layer = state.plain;
    bindOnFirstUse(state.plain);
    bindOnFirstUse(state.clustered);
    // Follow the fleet (fit all markers) until the user pans or zooms; then leave the view alone.
    map.on('dragstart', () => { state.interacted = true; });
    map.on('zoomstart', () => { if (!state.fitting) state.interacted = true; });
    // A new view may show moves that were too small or too far away to file: check them.
    map.on('zoomend moveend', () => {
        if (state.pending.size > 0) {
            state.reconcile = true;
            schedule(state);
        }
    });
    maps.set(element, state);
}

// Work is done in slices of at most this long, so a full-fleet update never blocks the page: between slices the
// browser paints and handles input. 8,000 moving vehicles take a few dozen slices, well inside one update interval.
const sliceBudgetMs = 12;
const iconRefreshMs = 500;
// A clustered vehicle is re-filed in the cluster index only once its move shows: at least this many pixels at the
// current zoom, near the screen. Smaller moves wait (state.pending) until a zoom or pan makes them visible.
// At fleet zoom a vehicle moves a fraction of a pixel per update, so most updates re-file almost nothing.
const refileAfterPx = 3;

const statuses = ['Bonded', 'Degraded', 'Offline'];
// FleetMapDelta.RecordBytes and its layout (Dashboard/FleetMapDelta.cs).
const recordBytes = 39;

// A push from the server: the changed vehicles as binary records (see FleetMapDelta), the identities of new ones
// and the keys of vehicles that left. Folded into the vehicle model at once (a few ms for the whole fleet); the
// map catches up in slices. Several pushes arriving while it does simply merge: each vehicle is drawn at its latest.
export function update(element, records, added, removed, search) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    state.element = element;
    for (const { key, id, name } of added) {
        state.vehicles.set(key, { key, id, name, latitude: 0, longitude: 0, at: 0, speedMps: null, courseDeg: null, status: 'Offline', linksUp: 0, linksTotal: 0 });
        state.removed.delete(key);
    }
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    for (let offset = 0; offset + recordBytes <= records.byteLength; offset += recordBytes) {
        const vehicle = state.vehicles.get(view.getInt32(offset, true));
        if (!vehicle) {
            continue;
        }
        vehicle.latitude = view.getFloat64(offset + 4, true);
        vehicle.longitude = view.getFloat64(offset + 12, true);
        vehicle.at = view.getFloat64(offset + 20, true);
        const speed = view.getFloat32(offset + 28, true), course = view.getFloat32(offset + 32, true);
        vehicle.speedMps = Number.isNaN(speed) ? null : speed;
        vehicle.courseDeg = Number.isNaN(course) ? null : course;
        vehicle.status = statuses[view.getUint8(offset + 36)] ?? 'Offline';
        vehicle.linksUp = view.getUint8(offset + 37);
        vehicle.linksTotal = view.getUint8(offset + 38);
        state.dirty.add(vehicle.key);
    }
    for (const key of removed) {
        state.vehicles.delete(key);
        state.dirty.delete(key);
        state.removed.add(key);
    }
    state.pendingSearch = search;
    if (!state.latest) {
        state.receivedAt = performance.now();
    }
    state.latest = true;
    schedule(state);
}

// The server lost track of what this page holds: start over (its next push carries every vehicle).
export function reset(element) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    state.layer.clearLayers();
    for (const marker of state.markers.values()) {
        marker.onLayer = false;
    }
    state.markers.clear();
    state.pending.clear();
    state.vehicles.clear();
    state.dirty.clear();
    state.removed.clear();
    state.job = null;
    state.latest = false;
}

// Yields to the browser and continues in a task of its own. A MessageChannel message, not setTimeout(0): nested
// timers are clamped to 4 ms each, which a few hundred slices would pay for nothing.
const continuations = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => continuations.shift()?.();

function schedule(state) {
    if (!state.scheduled && !state.disposed) {
        state.scheduled = true;
        continuations.push(() => run(state));
        channel.port2.postMessage(null);
    }
}

// Runs the current job's steps until the slice budget is spent, then yields to the browser.
function run(state) {
    state.scheduled = false;
    if (state.disposed) {
        return;
    }
    const deadline = performance.now() + sliceBudgetMs;
    do {
        if (!state.job) {
            if (state.latest) {
                state.latest = false;
                state.job = startJob(state);
            } else if (state.reconcile) {
                state.reconcile = false;
                state.job = reconcileJob(state);
            } else {
                return;
            }
        }
        const job = state.job;
        // A zoom animation is under way: the cluster layer re-renders at its end; work on after that (but never
        // wait on it for long: its end is a timer inside the cluster library).
        if ((state.map._animatingZoom || state.clustered._inZoomAnimation) && performance.now() - (job.waitingSince ??= performance.now()) < 1000) {
            break;
        }
        job.waitingSince = undefined;
        try {
            while (job.steps.length > 0 && performance.now() < deadline) {
                if (job.steps[0](deadline)) {
                    job.steps.shift();
                }
            }
        } catch (error) {
            // A failed step must not stop the map for good: report it, drop the job, redraw everything next time.
            console.error('fleet map update failed', error);
            state.job = null;
            for (const vehicle of state.vehicles.values()) {
                state.dirty.add(vehicle.key);
            }
            state.latest = true;
            // Not at once: a failure that repeats must not keep the page busy.
            setTimeout(() => schedule(state), 1000);
            return;
        }
        if (job.steps.length === 0) {
            finishJob(state, job);
            state.job = null;
        }
    } while (performance.now() < deadline);
    schedule(state);
}

// Catches the map up with the vehicle model, as a list of steps; each step does a bounded piece of work and
// returns true when it is done.
function startJob(state) {
    const search = state.pendingSearch;
    // A new search frames its matches once; after that the operator's panning wins again.
    if (search !== state.search) {
        state.search = search;
        state.interacted = false;
    }
    const total = state.vehicles.size;
    const target = total > state.clusterThreshold && L.markerClusterGroup ? state.clustered : state.plain;
    if (target !== state.layer) {
        state.map.removeLayer(state.layer);
        state.layer.clearLayers();
        state.layer = target;
        target.addTo(state.map);
        for (const marker of state.markers.values()) {
            marker.onLayer = false;
        }
        state.pending.clear();
        // Every marker goes onto the new layer.
        for (const key of state.vehicles.keys()) {
            state.dirty.add(key);
        }
    }
    const changed = [...state.dirty].map(key => state.vehicles.get(key));
    const removed = [...state.removed];
    state.dirty.clear();
    state.removed.clear();
    const job = { total, search, receivedAt: state.receivedAt, added: [], moved: [], gone: [], recoloured: [], steps: [] };
    let next = 0;
    // Framing first: clusters are then built once, for the view the operator will see.
    job.steps.push(() => { frame(state, state.vehicles.values(), search); return true; });
    job.steps.push(() => {
        for (const key of removed) {
            const marker = state.markers.get(key);
            if (marker) {
                state.markers.delete(key);
                state.pending.delete(marker);
                if (marker.onLayer) {
                    job.gone.push(marker);
                }
            }
        }
        return true;
    });
    // Diff against what the map shows: new markers, moved ones, new colours. No cluster work yet.
    job.steps.push(deadline => {
        while (next < changed.length) {
            diffVehicle(state, job, changed[next++]);
            if (next % 64 === 0 && performance.now() >= deadline) {
                break;
            }
        }
        return next === changed.length;
    });
    if (target === state.clustered) {
        job.steps.push(refileStep(state, job));
    } else {
        job.steps.push(() => {
            for (const marker of job.gone) {
                state.plain.removeLayer(marker);
            }
            for (const [marker, latlng] of job.moved) {
                marker.setLatLng(latlng);
            }
            for (const marker of job.added) {
                state.plain.addLayer(marker);
            }
            for (const marker of state.markers.values()) {
                tagPosition(marker);
            }
            return true;
        });
    }
    return job;
}

function diffVehicle(state, job, vehicle) {
    let marker = state.markers.get(vehicle.key);
    if (!marker) {
        marker = L.marker([vehicle.latitude, vehicle.longitude], { icon: vehicleIcon(vehicle.status), title: vehicle.name, keyboard: true });
        marker.status = vehicle.status;
        // Popup and tooltip are bound on first use (see bindOnFirstUse): nothing is built per marker up front.
        // Elements are created when a marker joins the map (again after un-clustering): tag them then.
        marker.on('add', () => tagPosition(marker));
        marker.onLayer = false;
        state.markers.set(vehicle.key, marker);
    } else {
        const at = state.pending.get(marker) ?? marker.getLatLng();
        if (marker.onLayer && (at.lat !== vehicle.latitude || at.lng !== vehicle.longitude)) {
            job.moved.push([marker, L.latLng(vehicle.latitude, vehicle.longitude)]);
        } else if (!marker.onLayer) {
            marker.setLatLng([vehicle.latitude, vehicle.longitude]);
        }
        if (marker.status !== vehicle.status) {
            marker.status = vehicle.status;
            // Re-draws the element only if the marker is shown on its own; a clustered one picks it up when shown.
            marker.setIcon(vehicleIcon(vehicle.status));
            // The rings of the clusters holding it change too.
            job.recoloured.push(marker);
        }
    }
    marker.vehicle = vehicle;
    if (marker.isPopupOpen()) {
        marker.getPopup().setContent(popupHtml(vehicle));
    }
    if (!marker.onLayer) {
        marker.onLayer = true;
        job.added.push(marker);
    }
}

// Re-files the job's changed markers in the cluster index, one marker at a time until the slice's deadline, then
// refreshes the visible clusters once, so the map is consistent after every slice. The group's public bulk
// methods would refresh after every call and cost 20-50 ms each even for a few markers; per marker this is
// what they do inside (leaflet.markercluster 1.5.3, vendored and pinned: see clusterIndex).
function refileStep(state, job) {
    const group = state.clustered;
    const index = clusterIndex(group);
    let work = null, initial = false, next = 0, lastIcons = performance.now();
    return deadline => {
        if (!work) {
            // Built on the first call: the diff steps before this one fill the job's lists.
            work = [
                ...job.gone.map(marker => ({ marker, gone: true })),
                ...job.moved.map(([marker, latlng]) => ({ marker, latlng })),
                ...job.added.map(marker => ({ marker })),
                ...job.recoloured.map(marker => ({ marker, recolour: true })),
            ];
            // A fleet loaded into an empty group shows nothing until it is complete: one refresh at the end is enough.
            initial = job.moved.length === 0 && job.gone.length === 0 && !group._topClusterLevel?.getChildCount();
        }
        const reopen = [];
        const shows = visibleMove(state);
        index.begin();
        while (next < work.length) {
            const { marker, gone, latlng, recolour } = work[next++];
            if (marker.isPopupOpen()) {
                reopen.push(marker);
            }
            if (recolour) {
                index.recolour(marker);
            } else if (gone) {
                index.remove(marker);
            } else if (latlng) {
                if (!shows(marker.getLatLng(), latlng)) {
                    state.pending.set(marker, latlng);
                    continue;
                }
                state.pending.delete(marker);
                index.remove(marker);
                marker.setLatLng(latlng);
                index.add(marker);
            } else {
                index.add(marker);
            }
            if (next % 16 === 0 && performance.now() >= deadline) {
                break;
            }
        }
        const done = next === work.length;
        if (!initial || done) {
            // Cluster icons (counts, state rings) are rebuilt at most every iconRefreshMs while an update is
            // applied, and at its end: each rebuild walks every vehicle on screen.
            const icons = done || performance.now() - lastIcons >= iconRefreshMs;
            index.refresh(icons);
            if (icons) {
                lastIcons = performance.now();
            }
        }
        for (const marker of reopen) {
            if (marker._map) {
                marker.openPopup();
            }
        }
        return done;
    };
}

// Per-marker access to a MarkerClusterGroup's index. Each operation mirrors one iteration of the group's own
// addLayers/removeLayers loop; refresh() is what both do once at their end. Without those internals (another
// library version) it falls back to the public bulk methods, slower but correct.
function clusterIndex(group) {
    const fg = group._featureGroup;
    if (typeof group._addLayer !== 'function' || typeof group._removeLayer !== 'function' || !fg) {
        let adds = [];
        return {
            begin() { adds = []; },
            remove(marker) { group.removeLayer(marker); },
            recolour(marker) { group.refreshClusters(marker); },
            add(marker) { adds.push(marker); },
            refresh() { group.addLayers(adds); adds = []; },
        };
    }
    return {
        begin() {
            if (group._spiderfied && group._unspiderfy) {
                group._unspiderfy();
            }
        },
        remove(marker) {
            if (!marker.__parent) {
                return;
            }
            group._removeLayer(marker, true, true);
            // Detached, so moving it does not make the group re-file it on its own (its 'move' handler).
            marker.off(group._childMarkerEventHandlers, group);
            if (fg.hasLayer(marker)) {
                fg.removeLayer(marker);
                if (marker.clusterShow) {
                    marker.clusterShow();
                }
            }
        },
        add(marker) {
            if (marker.__parent) {
                return;
            }
            group._addLayer(marker, group._maxZoom);
            // It just formed a cluster of two with a marker that may be shown on its own: that one goes.
            const parent = marker.__parent;
            if (parent && parent.getChildCount() === 2) {
                const [a, b] = parent.getAllChildMarkers();
                fg.removeLayer(a === marker ? b : a);
            }
        },
        recolour(marker) {
            for (let cluster = marker.__parent; cluster; cluster = cluster.__parent) {
                cluster._iconNeedsUpdate = true;
            }
        },
        refresh(icons) {
            group._topClusterLevel._recalculateBounds();
            if (icons) {
                group._refreshClustersIcons();
            }
            group._topClusterLevel._recursivelyAddChildrenToMap(null, group._zoom, group._currentShownBounds);
        },
    };
}

// Files the pending moves that the current view shows (the others stay pending).
function reconcileJob(state) {
    const job = { total: null, added: [], moved: [...state.pending], gone: [], recoloured: [], steps: [] };
    if (state.layer === state.clustered) {
        job.steps.push(refileStep(state, job));
    }
    return job;
}

// Whether moving a marker from one position to another shows in the current view (see refileAfterPx).
function visibleMove(state) {
    const map = state.map;
    const zoom = map.getZoom();
    // One screen beyond each edge: panning that far does not reveal a stale cluster before moveend re-checks.
    const near = map.getBounds().pad(1);
    return (from, to) => {
        if (!near.contains(from) && !near.contains(to)) {
            return false;
        }
        const a = map.project(from, zoom), b = map.project(to, zoom);
        return Math.abs(a.x - b.x) >= refileAfterPx || Math.abs(a.y - b.y) >= refileAfterPx;
    };
}

function finishJob(state, job) {
    if (job.total === null) {
        return;
    }
    // Every vehicle the server sent is on the map (for operators' tooling and the benchmark).
    state.element.dataset.drawn = String(job.total);
    // User Timing: each update shows up as "fleet-map update" in the browser's performance tools (from arrival
    // to fully drawn, across its slices).
    performance.measure('fleet-map update', { start: job.receivedAt, detail: { vehicles: job.total, moved: job.moved.length } });
}

// Fits the view to the vehicles until the operator pans or zooms.
function frame(state, vehicles, search) {
    if (state.interacted || state.vehicles.size === 0) {
        return;
    }
    let south = 90, west = 180, north = -90, east = -180;
    for (const v of vehicles) {
        south = Math.min(south, v.latitude);
        north = Math.max(north, v.latitude);
        west = Math.min(west, v.longitude);
        east = Math.max(east, v.longitude);
    }
    const bounds = L.latLngBounds([south, west], [north, east]);
    // Re-frame only when the search changed or a vehicle left the view: a fit re-renders every cluster.
    if (state.framedSearch === search && state.map.getBounds().contains(bounds)) {
        return;
    }
    state.framedSearch = search;
    state.fitting = true;
    try {
        state.map.fitBounds(bounds.pad(0.2), { maxZoom: 14, animate: false });
    } finally {
        state.fitting = false;
    }
}

// The marker element carries its position so operators' tooling and browser tests can read what is shown.
function tagPosition(marker) {
    const element = marker.getElement();
    if (element) {
        element.dataset.vehicleId = marker.vehicle.id;
        const { lat, lng } = marker.getLatLng();
        element.dataset.lat = lat.toFixed(6);
        element.dataset.lng = lng.toFixed(6);
    }
}

export function dispose(element) {
    const state = maps.get(element);
    if (state) {
        state.disposed = true;
        state.map.remove();
        maps.delete(element);
    }
}

// A cluster shows its vehicles' states as a ring (bonded, degraded, offline shares) around the count, so a
// cluster hiding degraded or offline vehicles stands out at any zoom. Built only for clusters on screen whose
// content changed.
function clusterIcon(cluster) {
    const markers = cluster.getAllChildMarkers();
    let degraded = 0, offline = 0;
    for (const marker of markers) {
        if (marker.status === 'Degraded') {
            degraded++;
        } else if (marker.status === 'Offline') {
            offline++;
        }
    }
    const total = markers.length;
    const bondedEnd = (100 * (total - degraded - offline) / total).toFixed(1);
    const degradedEnd = (100 * (total - offline) / total).toFixed(1);
    const size = total < 100 ? 34 : total < 1000 ? 40 : 46;
    const worst = offline > 0 ? 'offline' : degraded > 0 ? 'degraded' : 'bonded';
    return L.divIcon({
        className: `fleet-cluster-marker worst-${worst}`,
        html: `<div class="fleet-cluster" style="background: conic-gradient(var(--fleet-bonded) 0 ${bondedEnd}%, var(--fleet-degraded) ${bondedEnd}% ${degradedEnd}%, var(--fleet-offline) ${degradedEnd}% 100%)"
                    title="${total} vehicles: ${total - degraded - offline} bonded, ${degraded} degraded, ${offline} offline"><span>${total}</span></div>`,
        iconSize: [size, size],
    });
}

// One icon per state, shared by every marker in it.
const vehicleIcons = new Map();

function vehicleIcon(status) {
    let icon = vehicleIcons.get(status);
    if (!icon) {
        const name = escapeHtml(status.toLowerCase());
        icon = L.divIcon({
            className: `fleet-vehicle-marker status-${name}`,
            html: `<span class="fleet-vehicle-dot status-${name}"></span>`,
            iconSize: [16, 16],
            iconAnchor: [8, 8],
        });
        vehicleIcons.set(status, icon);
    }
    return icon;
}

// A marker gets its popup and tooltip the first time someone clicks or points at it: 8,000 vehicles, a handful
// looked at. Both read the vehicle when shown, so they are never rebuilt per update.
function bindOnFirstUse(layer) {
    if (!layer.on) {
        return;
    }
    layer.on('click', e => {
        const marker = e.layer ?? e.propagatedFrom;
        if (marker?.vehicle && !marker.getPopup()) {
            marker.bindPopup(() => popupHtml(marker.vehicle));
            marker.openPopup();
        }
    });
    layer.on('mouseover', e => {
        const marker = e.layer ?? e.propagatedFrom;
        if (marker?.vehicle && !marker.getTooltip()) {
            marker.bindTooltip(() => escapeHtml(marker.vehicle.name), { direction: 'top', offset: [0, -8] });
            marker.openTooltip();
        }
    });
}

const statusText = { Bonded: 'Bonded', Degraded: 'Degraded', Offline: 'Offline' };

// The link is a plain anchor: Blazor's router turns the click into an in-app navigation.
function popupHtml(vehicle) {
    const at = new Date(vehicle.at);
    const speed = vehicle.speedMps == null ? '' : ` · ${(vehicle.speedMps * 3.6).toFixed(0)} km/h`;
    const status = vehicle.status.toLowerCase();
    return `<div class="fleet-popup">
        <div class="fleet-popup-title"><span class="fleet-status-dot status-${status}"></span><strong>${escapeHtml(vehicle.name)}</strong></div>
        <div>${escapeHtml(statusText[vehicle.status] || vehicle.status)} · ${vehicle.linksUp}/${vehicle.linksTotal} links up</div>
        <div class="text-muted">${at.toISOString().replace('T', ' ').slice(0, 19)} UTC${speed}</div>
        <a class="fleet-popup-link" href="vehicles/${encodeURIComponent(vehicle.id)}" data-testid="popup-vehicle-link">Open vehicle →</a>
    </div>`;
}

function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
