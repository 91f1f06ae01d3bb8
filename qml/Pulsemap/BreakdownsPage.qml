// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
import QtQuick
import Pulsemap.App

// The charts panel's second page: share by type as a pie, the last hour's top campaigns and top pages (request
// paths without their query string), and the scatter of events against distinct visitors or places.
Column {
    id: root

    property TrendModel model
    property ChartsLayout layout
    // A replay's seek: campaigns and pages count the events played since (TrendModel.breakdownsSinceSeek).
    readonly property bool sinceSeek: model !== null && model.breakdownsSinceSeek

    spacing: 12

    TypePie {
        id: pie
        width: root.width
        height: implicitHeight
        title: qsTr("Share by type · last hour")
        shares: root.model ? root.model.typeShares : []
    }
    BreakdownBars {
        id: campaigns
        objectName: "topCampaigns"
        width: root.width
        title: root.sinceSeek ? qsTr("Top campaigns · since the seek") : qsTr("Top campaigns · last hour")
        rows: root.model ? root.model.topCampaigns : []
        maxRows: 5
        labelWidth: 150
        barColor: "#b48cff"
        emptyText: root.sinceSeek ? qsTr("Fills as the replay plays") : qsTr("No campaign ids in the last hour")
    }
    BreakdownBars {
        id: pages
        objectName: "topPages"
        width: root.width
        title: root.sinceSeek ? qsTr("Top pages and links · since the seek") : qsTr("Top pages and links · last hour")
        rows: root.model ? root.model.topPaths : []
        maxRows: 6
        labelWidth: 190
        labelElide: Text.ElideMiddle // a path's both ends tell it apart
        barColor: "#5fd08a"
        emptyText: root.sinceSeek ? qsTr("Fills as the replay plays") : qsTr("No request paths in the last hour")
    }
    ScatterCard {
        width: root.width
        height: Math.max(160, root.height - pie.height - campaigns.height - pages.height - 3 * root.spacing)
        model: root.model
        layout: root.layout
    }
}
