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
        plain: L.layerGroup().addTo(map),
        // chunkedLoading: adding thousands of markers yields to the browser every chunkInterval ms, so a
        // full-fleet update never blocks the page for long.
        clustered: L.markerClusterGroup
            ? L.markerClusterGroup({
                maxClusterRadius: 40, disableClusteringAtZoom: 13, showCoverageOnHover: false,
                chunkedLoading: true, chunkInterval: 40, chunkDelay: 20,
                chunkProgress: (done, total) => { if (done === total) markDrawn(state); },
            })
            : L.layerGroup(),
        clusterThreshold: options.clusterThreshold,
        layer: null,
        markers: new Map(),
        interacted: false,
        fitting: false,
        search: '',
    };
    state.layer = state.plain;
    // Follow the fleet (fit all markers) until the user pans or zooms; then leave the view alone.
    map.on('dragstart', () => { state.interacted = true; });
    map.on('zoomstart', () => { if (!state.fitting) state.interacted = true; });
    maps.set(element, state);
}

export function update(element, vehicles, search) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    // User Timing: each update shows up as "fleet-map update" in the browser's performance tools.
    const started = performance.now();
    try {
        applyUpdate(state, element, vehicles, search);
    } finally {
        performance.measure('fleet-map update', { start: started, detail: { vehicles: vehicles.length } });
    }
}

function applyUpdate(state, element, vehicles, search) {
    // A new search frames its matches once; after that the operator's panning wins again.
    if (search !== state.search) {
        state.search = search;
        state.interacted = false;
    }
    state.element = element;
    state.pending = vehicles.length;
    const target = vehicles.length > state.clusterThreshold && L.markerClusterGroup ? state.clustered : state.plain;
    if (target !== state.layer) {
        state.map.removeLayer(state.layer);
        state.layer.clearLayers();
        state.layer = target;
        target.addTo(state.map);
        for (const marker of state.markers.values()) {
            marker.onLayer = false;
        }
    }
    const clustered = target === state.clustered;
    const seen = new Set();
    const added = [];
    let moved = 0;
    for (const vehicle of vehicles) {
        seen.add(vehicle.id);
        let marker = state.markers.get(vehicle.id);
        if (!marker) {
            marker = L.marker([vehicle.latitude, vehicle.longitude], { icon: vehicleIcon(vehicle), title: vehicle.name, keyboard: true });
            marker.status = vehicle.status;
            // Tooltip and popup read the vehicle when shown: nothing is built per marker per update.
            marker.bindTooltip(() => escapeHtml(marker.vehicle.name), { direction: 'top', offset: [0, -8] });
            marker.bindPopup(() => popupHtml(marker.vehicle));
            // Elements are created when a marker joins the map (again after un-clustering): tag them then.
            marker.on('add', () => tagPosition(marker));
            state.markers.set(vehicle.id, marker);
        } else {
            const at = marker.getLatLng();
            if (at.lat !== vehicle.latitude || at.lng !== vehicle.longitude) {
                moved++;
                if (!clustered || !marker.onLayer) {
                    marker.setLatLng([vehicle.latitude, vehicle.longitude]);
                }
            }
            if (marker.status !== vehicle.status) {
                marker.status = vehicle.status;
                marker.setIcon(vehicleIcon(vehicle));
            }
        }
        marker.vehicle = vehicle;
        if (marker.isPopupOpen()) {
            marker.getPopup().setContent(popupHtml(vehicle));
        }
        if (!marker.onLayer) {
            added.push(marker);
        }
    }
    const gone = [];
    for (const [id, marker] of state.markers) {
        if (!seen.has(id)) {
            gone.push(marker);
            state.markers.delete(id);
        }
    }
    if (clustered) {
        // The cluster index re-files a marker on every move: for a fleet that moved, rebuilding it in one
        // chunked pass is far cheaper than thousands of single moves.
        if (moved > 0 || gone.length > 0) {
            state.layer.clearLayers();
            for (const marker of state.markers.values()) {
                marker.setLatLng([marker.vehicle.latitude, marker.vehicle.longitude]);
            }
            placeAll(state, [...state.markers.values()]);
        } else {
            placeAll(state, added);
        }
    } else {
        for (const marker of gone) {
            state.layer.removeLayer(marker);
        }
        for (const marker of added) {
            state.layer.addLayer(marker);
            marker.onLayer = true;
        }
        for (const marker of state.markers.values()) {
            tagPosition(marker);
        }
        markDrawn(state);
    }
    if (!state.interacted && vehicles.length > 0) {
        const bounds = L.latLngBounds(vehicles.map(v => [v.latitude, v.longitude]));
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
}

function placeAll(state, markers) {
    for (const marker of markers) {
        marker.onLayer = true;
    }
    if (markers.length === 0) {
        markDrawn(state);
        return;
    }
    state.layer.addLayers(markers);
}

// Every vehicle of the last update is on the map (for operators' tooling and the benchmark).
function markDrawn(state) {
    if (state.element) {
        state.element.dataset.drawn = String(state.pending);
    }
}

// The marker element carries its position so operators' tooling and browser tests can read what is shown.
function tagPosition(marker) {
    const element = marker.getElement();
    if (element) {
        const { lat, lng } = marker.getLatLng();
        element.dataset.lat = lat.toFixed(6);
        element.dataset.lng = lng.toFixed(6);
    }
}

export function dispose(element) {
    const state = maps.get(element);
    if (state) {
        state.map.remove();
        maps.delete(element);
    }
}

function vehicleIcon(vehicle) {
    return L.divIcon({
        className: `fleet-vehicle-marker status-${vehicle.status.toLowerCase()}`,
        html: `<span class="fleet-vehicle-dot status-${escapeHtml(vehicle.status.toLowerCase())}" data-vehicle-id="${escapeHtml(vehicle.id)}"></span>`,
        iconSize: [16, 16],
        iconAnchor: [8, 8],
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
