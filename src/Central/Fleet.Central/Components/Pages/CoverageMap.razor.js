// Leaflet interop for the coverage map: one layer group per carrier, each cell a square in Web Mercator (the
// grid the server aggregates on), coloured by the server (so the legend and the map agree).
const maps = new WeakMap();
// SVG keeps each cell a DOM element (inspectable, testable); past this many, a canvas draws them faster.
const canvasAbove = 3000;

export function init(element, dotnet, options) {
    if (maps.has(element)) {
        return;
    }
    const map = L.map(element, { attributionControl: Boolean(options.tileUrl), minZoom: 2, maxZoom: 19 });
    if (options.tileUrl) {
        L.tileLayer(options.tileUrl, { attribution: options.tileAttribution || '', maxZoom: 19 }).addTo(map);
    } else {
        element.classList.add('fleet-map-blank');
    }
    map.setView([options.latitude, options.longitude], options.zoom);
    const state = { map, dotnet, layers: new Map(), canvas: L.canvas({ padding: 0.2 }), fitting: false, timer: 0 };
    // Reload the cells in view after the operator pans or zooms (debounced: a drag fires many moves).
    map.on('moveend', () => {
        if (state.fitting) {
            return;
        }
        clearTimeout(state.timer);
        state.timer = setTimeout(() => {
            const b = map.getBounds();
            dotnet.invokeMethodAsync('LoadViewAsync', b.getSouth(), b.getWest(), b.getNorth(), b.getEast()).catch(() => { });
        }, 250);
    });
    maps.set(element, state);
}

export function show(element, cells, visible, fit) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    for (const layer of state.layers.values()) {
        layer.remove();
    }
    state.layers.clear();
    const renderer = cells.length > canvasAbove ? state.canvas : undefined;
    for (const cell of cells) {
        let layer = state.layers.get(cell.carrier);
        if (!layer) {
            layer = L.layerGroup();
            state.layers.set(cell.carrier, layer);
        }
        const square = L.rectangle(cellBounds(cell), {
            renderer, color: cell.colour, weight: 1, opacity: 0.9, fillColor: cell.colour, fillOpacity: 0.55,
            className: 'coverage-cell',
        });
        square.on('click', () => state.dotnet.invokeMethodAsync('SelectCell', cell.id).catch(() => { }));
        square.bindTooltip(`${escapeHtml(cell.carrier)}`, { sticky: true });
        layer.addLayer(square);
    }
    setVisible(element, visible);
    if (fit && cells.length > 0) {
        const bounds = L.latLngBounds(cells.map(c => [c.lat, c.lon]));
        state.fitting = true;
        try {
            state.map.fitBounds(bounds.pad(0.1), { maxZoom: 15, animate: false });
        } finally {
            state.fitting = false;
        }
    }
}

export function setVisible(element, visible) {
    const state = maps.get(element);
    if (!state) {
        return;
    }
    const on = new Set(visible);
    for (const [carrier, layer] of state.layers) {
        if (on.has(carrier)) {
            layer.addTo(state.map);
        } else {
            layer.remove();
        }
    }
    element.dataset.visibleCarriers = [...on].sort().join(',');
}

export function dispose(element) {
    const state = maps.get(element);
    if (state) {
        clearTimeout(state.timer);
        state.map.remove();
        maps.delete(element);
    }
}

// The cell is a square of sizeM projected metres around its centre in EPSG:3857.
function cellBounds(cell) {
    const crs = L.CRS.EPSG3857;
    const centre = crs.project(L.latLng(cell.lat, cell.lon));
    const half = cell.sizeM / 2;
    return L.latLngBounds(
        crs.unproject(L.point(centre.x - half, centre.y - half)),
        crs.unproject(L.point(centre.x + half, centre.y + half)));
}

function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
