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
        clustered: L.markerClusterGroup
            ? L.markerClusterGroup({ maxClusterRadius: 40, disableClusteringAtZoom: 13, showCoverageOnHover: false })
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
    // A new search frames its matches once; after that the operator's panning wins again.
    if (search !== state.search) {
        state.search = search;
        state.interacted = false;
    }
    const seen = new Set();
    for (const vehicle of vehicles) {
        seen.add(vehicle.id);
        const position = [vehicle.latitude, vehicle.longitude];
        let marker = state.markers.get(vehicle.id);
        if (!marker) {
            marker = L.marker(position, { icon: vehicleIcon(vehicle), title: vehicle.name, keyboard: true });
            marker.status = vehicle.status;
            marker.bindTooltip(escapeHtml(vehicle.name), { direction: 'top', offset: [0, -8] });
            // Elements are created when a marker joins the map (again after un-clustering): tag them then.
            marker.on('add', () => tagPosition(marker));
            state.markers.set(vehicle.id, marker);
            state.layer.addLayer(marker);
        } else {
            marker.setLatLng(position);
            if (marker.status !== vehicle.status) {
                marker.status = vehicle.status;
                marker.setIcon(vehicleIcon(vehicle));
            }
        }
        tagPosition(marker);
        marker.bindPopup(popupHtml(vehicle));
    }
    for (const [id, marker] of state.markers) {
        if (!seen.has(id)) {
            state.layer.removeLayer(marker);
            state.markers.delete(id);
        }
    }
    useLayer(state, state.markers.size > state.clusterThreshold ? state.clustered : state.plain);
    if (!state.interacted && vehicles.length > 0) {
        const bounds = L.latLngBounds(vehicles.map(v => [v.latitude, v.longitude]));
        state.fitting = true;
        try {
            state.map.fitBounds(bounds.pad(0.2), { maxZoom: 14, animate: false });
        } finally {
            state.fitting = false;
        }
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

function useLayer(state, layer) {
    if (state.layer === layer) {
        return;
    }
    state.map.removeLayer(state.layer);
    state.layer.clearLayers();
    for (const marker of state.markers.values()) {
        layer.addLayer(marker);
    }
    layer.addTo(state.map);
    state.layer = layer;
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
